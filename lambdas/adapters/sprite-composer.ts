import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { MpsError } from '../core/errors';
import type { SpriteTemplate, Subtask, SubtaskOutput, Task } from '../core/model';
import type { SpriteComposer, TemplateStore } from '../core/ports';
import {
  fileNameOf,
  spriteFramesPrefix,
  spriteSheetKey,
  spriteVttKey,
  subtaskOutputPrefix,
} from '../core/naming/output-paths';
import { composeSprites } from '../core/sprite';

/**
 * Sprite post-processing on S3: lists the frames MediaConvert captured under `{prefix}_frames/`,
 * composes the sheet(s) and WebVTT with core/sprite and writes `{prefix}.jpg` (`{prefix}-N.jpg`) and
 * `{prefix}.vtt`. Idempotent (deterministic keys). The frames are removed by `removeFrames` once the
 * task records the sprite, so a redelivered event can compose again if that write failed.
 */
export class S3SpriteComposer implements SpriteComposer {
  constructor(
    private readonly s3: S3Client,
    private readonly templates: TemplateStore,
  ) {}

  async compose(
    task: Task,
    subtask: Subtask,
    frameOutputs: readonly SubtaskOutput[],
  ): Promise<SubtaskOutput[]> {
    if (subtask.type !== 'ImageSprite')
      throw new Error(`subtask ${subtask.no} is not an ImageSprite subtask`);
    const template = await this.templates.get(subtask.item.templateId);
    if (template?.type !== 'sprite') {
      throw new MpsError(
        'InvalidInput.DefinitionNotExist',
        `sprite template ${subtask.item.templateId} no longer exists`,
      );
    }
    const bucket = task.output.bucket;
    const prefix = subtaskOutputPrefix(task, subtask);
    const frameKeys = await this.listFrames(bucket, spriteFramesPrefix(prefix));
    if (frameKeys.length === 0) {
      throw new MpsError(
        'InternalError.Sprite',
        `no captured frames found under s3://${bucket}/${prefix}_frames/`,
      );
    }
    const frames = await Promise.all(frameKeys.map((key) => this.read(bucket, key)));
    const durationMs = frameOutputs.find((o) => o.durationMs !== undefined)?.durationMs;
    const result = composeSprites(frames, template as SpriteTemplate, {
      ...(durationMs !== undefined ? { durationSeconds: durationMs / 1000 } : {}),
      sheetFileName: (index: number) => fileNameOf(spriteSheetKey(prefix, index)),
    });
    const outputs: SubtaskOutput[] = [];
    for (const [index, sheet] of result.sheets.entries()) {
      const key = spriteSheetKey(prefix, index);
      await this.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: sheet.jpeg, ContentType: 'image/jpeg' }),
      );
      outputs.push({
        bucket,
        key,
        kind: 'sprite',
        sizeBytes: sheet.jpeg.length,
        width: sheet.width,
        height: sheet.height,
      });
    }
    const vttKey = spriteVttKey(prefix);
    await this.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: vttKey, Body: result.vtt, ContentType: 'text/vtt' }),
    );
    outputs.push({ bucket, key: vttKey, kind: 'webvtt', sizeBytes: Buffer.byteLength(result.vtt) });
    return outputs;
  }

  async removeFrames(task: Task, subtask: Subtask): Promise<void> {
    const bucket = task.output.bucket;
    const keys = await this.listFrames(bucket, spriteFramesPrefix(subtaskOutputPrefix(task, subtask)));
    for (let i = 0; i < keys.length; i += 1000) {
      await this.s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }

  private async listFrames(bucket: string, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const res = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      keys.push(...(res.Contents ?? []).map((o) => o.Key!).filter((k) => /\.\d{7}\.jpg$/.test(k)));
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  private async read(bucket: string, key: string): Promise<Uint8Array> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!res.Body) throw new Error(`s3://${bucket}/${key} has no body`);
    return res.Body.transformToByteArray();
  }
}
