import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/*
 * Narrow S3 and KMS grants. `IBucket.grantRead/grantPut/grantReadWrite` and `IKey.grantEncryptDecrypt`
 * grant wildcard action families (s3:GetObject*, s3:List*, kms:ReEncrypt*, kms:GenerateDataKey*…);
 * these helpers grant the exact actions the service uses, on ARNs taken from the bucket and its key.
 */

/**
 * Use of a customer-managed key through one service only (S3, SNS, SQS: `kms:ViaService`), e.g. reading
 * SSE-KMS objects: kms:Decrypt; writing them: kms:GenerateDataKey + kms:Decrypt (multipart uploads
 * decrypt the data key of earlier parts).
 */
export function grantKeyUse(
  key: kms.IKey,
  grantee: iam.IGrantable,
  actions: ('kms:Decrypt' | 'kms:GenerateDataKey')[],
  viaServices: readonly ('s3' | 'sns' | 'sqs')[],
): iam.Grant {
  const region = Stack.of(key).region;
  return iam.Grant.addToPrincipal({
    grantee,
    actions,
    resourceArns: [key.keyArn],
    conditions: {
      StringEquals: { 'kms:ViaService': viaServices.map((s) => `${s}.${region}.amazonaws.com`) },
    },
  });
}

/** s3:GetObject on the bucket's objects, s3:ListBucket + s3:GetBucketLocation on the bucket, its key. */
export function grantObjectRead(bucket: s3.IBucket, grantee: iam.IGrantable): iam.Grant {
  if (bucket.encryptionKey) grantKeyUse(bucket.encryptionKey, grantee, ['kms:Decrypt'], ['s3']);
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
 * `keyPattern` (default: every object), and its key.
 */
export function grantObjectWrite(bucket: s3.IBucket, grantee: iam.IGrantable, keyPattern = '*'): iam.Grant {
  if (bucket.encryptionKey) {
    grantKeyUse(bucket.encryptionKey, grantee, ['kms:GenerateDataKey', 'kms:Decrypt'], ['s3']);
  }
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
