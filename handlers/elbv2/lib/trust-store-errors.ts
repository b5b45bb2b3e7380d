import { ServiceError } from '../../../gateway/api/errors.js';

// Trust store errors, codes as ELBv2 returns them (API reference, "Errors" of CreateTrustStore,
// ModifyTrustStore, DeleteTrustStore, AddTrustStoreRevocations, DeleteSharedTrustStoreAssociation
// and the Describe*/Get* trust store operations). AWS's own message texts for these are not
// published; the not-found messages follow ELBv2's "One or more … not found" pattern, the others
// the API reference's descriptions, completed with what was wrong.

export const duplicateTrustStoreName = (name: string) => new ServiceError('DuplicateTrustStoreName', `A trust store with the name '${name}' already exists`);
export const tooManyTrustStores = (max: number) => new ServiceError('TooManyTrustStores', `You've reached the limit of ${max} trust stores per Region for your account`);
export const trustStoreInUse = (arn: string) => new ServiceError('TrustStoreInUse', `Trust store '${arn}' is currently in use by a listener`);

/** The bundle or revocation object could not be read: no such bucket, key or version, or no S3 to read it from. */
export const caCertificatesBundleNotFound = (s3Uri: string) =>
  new ServiceError('CaCertificatesBundleNotFound', `The CA certificates bundle '${s3Uri}' does not exist or could not be read`);
export const invalidCaCertificatesBundle = (reason: string) =>
  new ServiceError('InvalidCaCertificatesBundle', `The CA certificates bundle is in an invalid format, or corrupt: ${reason}`);

export const revocationContentNotFound = (s3Uri: string) =>
  new ServiceError('RevocationContentNotFound', `The revocation file '${s3Uri}' does not exist or could not be read`);
export const invalidRevocationContent = (reason: string) =>
  new ServiceError('InvalidRevocationContent', `The revocation file is an invalid format, or uses an incorrect algorithm: ${reason}`);
export const tooManyRevocationEntries = (message: string) => new ServiceError('TooManyTrustStoreRevocationEntries', message);
export const revocationIdNotFound = (id: number) => new ServiceError('RevocationIdNotFound', `Revocation ID '${id}' not found`);

// The SDK calls this one TrustStoreAssociationNotFoundException; its code on the wire is AssociationNotFound.
export const associationNotFound = (resourceArn: string) => new ServiceError('AssociationNotFound', `The association of resource '${resourceArn}' with the trust store does not exist`);
export const deleteAssociationSameAccount = () => new ServiceError('DeleteAssociationSameAccount', "The specified association can't be within the same account");
