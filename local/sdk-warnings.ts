/**
 * The AWS SDK for JavaScript v3 prints a NodeVersionSupportWarning on Node < 22 when its first client is
 * built (`emitWarningIfUnsupportedVersion` in @aws-sdk/core). The project supports Node >= 20 (package.json
 * `engines`), so the runtime and the CLI turn it off with the SDK's documented switch, unless the user set
 * it; other warnings are untouched.
 */

/** The SDK's switch: "true" disables the Node version warning. */
export const SDK_NODE_WARNING_ENV = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Sets the switch in `env` (default this process's environment, inherited by its children). */
export function disableSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  env[SDK_NODE_WARNING_ENV] ??= 'true';
}
