import { integer, list, string, structure } from '../../../gateway/api/schema.js';

// Member schemas of the trust store operations (API reference, CreateTrustStore, RevocationContent).
// `required` is a type parameter, as for `arn` in schemas.ts, so a required member is present in
// the handler's input type.

/** Trust store names: 1–32 characters, alphanumerics in hyphen-separated groups. */
export const trustStoreName = <R extends boolean = false>(required?: R) => string({ required, min: 1, max: 32, pattern: /^([a-zA-Z0-9]+-)*[a-zA-Z0-9]+$/ });

export const s3Bucket = <R extends boolean = false>(required?: R) => string({ required, min: 1, max: 255 });
export const s3Key = <R extends boolean = false>(required?: R) => string({ required, min: 1, max: 1024 });
export const s3ObjectVersion = () => string({ min: 1, max: 1024 });

export const revocationContents = () => list(structure({
  S3Bucket: s3Bucket(),
  S3Key: s3Key(),
  S3ObjectVersion: s3ObjectVersion(),
  RevocationType: string({ enum: ['CRL'] }),
}));

/** Revocation ids are Longs; positive, as the ids handed out are. */
export const revocationId = <R extends boolean = false>(required?: R) => integer({ required, min: 1 });
export const revocationIdList = <R extends boolean = false>(required?: R) => list(revocationId(), { required });
