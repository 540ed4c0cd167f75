/**
 * Environment for importing handler modules in tests (their default `handler` is built from env at
 * module load). Import this first. Metrics output is disabled.
 */
Object.assign(process.env, {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  TABLE_NAME: 'mps-test',
  STACK_ID: 'mps-test-stack',
  MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::123456789012:role/mps-mediaconvert',
  WORK_BUCKET: 'mps-test-work',
  NOTIFY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify',
  NOTIFY_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify-dlq',
  NOTIFY_MAX_ATTEMPTS: '8',
  CALLBACK_SECRET: 'test-callback-secret',
  STUCK_SUBTASK_MINUTES: '60',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_NAMESPACE: 'MpsTest',
});
export {};
