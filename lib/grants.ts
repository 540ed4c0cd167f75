import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

/*
 * Narrow S3 grants. `IBucket.grantRead/grantPut/grantReadWrite` grant wildcard action families
 * (s3:GetObject*, s3:GetBucket*, s3:List*, s3:Abort*, s3:DeleteObject*); these helpers grant the exact
 * actions the service uses, on ARNs taken from the bucket (and its KMS key, if any).
 */

/** s3:GetObject on the bucket's objects, s3:ListBucket + s3:GetBucketLocation on the bucket. */
export function grantObjectRead(bucket: s3.IBucket, grantee: iam.IGrantable): iam.Grant {
  bucket.encryptionKey?.grantDecrypt(grantee);
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetObject'],
    resourceArns: [bucket.arnForObjects('*')],
  }).combine(
    iam.Grant.addToPrincipal({
      grantee,
      // ListBucket turns a missing key into 404 (NoSuchKey) instead of 403, so a deleted source is reported
      // as such; GetBucketLocation is how MediaConvert finds the bucket's region.
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resourceArns: [bucket.bucketArn],
    }),
  );
}

/**
 * s3:PutObject (single and multipart) and s3:AbortMultipartUpload on the bucket's objects matching
 * `keyPattern` (default: every object).
 */
export function grantObjectWrite(bucket: s3.IBucket, grantee: iam.IGrantable, keyPattern = '*'): iam.Grant {
  bucket.encryptionKey?.grantEncryptDecrypt(grantee);
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
    resourceArns: [bucket.arnForObjects(keyPattern)],
  });
}

/** s3:DeleteObject on the bucket's objects. */
export function grantObjectDelete(bucket: s3.IBucket, grantee: iam.IGrantable): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:DeleteObject'],
    resourceArns: [bucket.arnForObjects('*')],
  });
}
