/**
 * For aws-sdk-client-mock mocks of Rekognition and Transcribe: every request the code sent fits its
 * shape in AWS's model, and so does every response the test answered it with (realistic fixtures).
 */
import { checkAgainstAwsModel, formatViolations } from '../../local/engine/validation';

/** The part of an aws-sdk-client-mock stub read here. */
interface AnyStub {
  calls(): ReadonlyArray<{ args: readonly unknown[]; returnValue: unknown }>;
}

/** The violations of every call of `mocks` (service = the model namespace's last part). */
export async function modelViolationsOfCalls(
  mocks: ReadonlyArray<readonly [string, AnyStub]>,
): Promise<string[]> {
  const broken: string[] = [];
  for (const [service, mock] of mocks) {
    for (const call of mock.calls()) {
      const command = call.args[0] as { constructor: { name: string }; input: unknown };
      const operation = command.constructor.name.replace(/Command$/, '');
      const request = checkAgainstAwsModel(command.input, `com.amazonaws.${service}#${operation}Request`);
      if (request.length > 0) broken.push(`${operation} request: ${formatViolations(request)}`);
      const output: unknown = await Promise.resolve(call.returnValue).catch(() => undefined);
      if (output === undefined) continue;
      const response = checkAgainstAwsModel(output, `com.amazonaws.${service}#${operation}Response`);
      if (response.length > 0) broken.push(`${operation} response: ${formatViolations(response)}`);
    }
  }
  return broken;
}
