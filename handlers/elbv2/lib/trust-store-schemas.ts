import { integer, list, string, structure } from '../../../gateway/api/schema.js';

// Member schemas of the trust store operations (API reference, CreateTrustStore, RevocationContent).

/** Trust store names: 1–32 characters, alphanumerics in hyphen-separated groups. */
export const trustStoreName = (required = true) => string({ required, min: 1, max: 32, pattern: /^([a-zA-Z0-9]+-)*[a-zA-Z0-9]+$/ });

export const s3Bucket = (required = false) => string({ required, min: 1, max: 255 });
export const s3Key = (required = false) => string({ required, min: 1, max: 1024 });
export const s3ObjectVersion = () => string({ min: 1, max: 1024 });

export const revocationContents = () => list(structure({
  S3Bucket: s3Bucket(),
  S3Key: s3Key(),
  S3ObjectVersion: s3ObjectVersion(),
  RevocationType: string({ enum: ['CRL'] }),
}));

/** Revocation ids are Longs; positive, as the ids handed out are. */
export const revocationId = (required = false) => integer({ required, min: 1 });
export const revocationIdList = (required = false) => list(revocationId(), { required });
