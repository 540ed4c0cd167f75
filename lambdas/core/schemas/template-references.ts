import { ValidationError } from '../errors';
import type { ProcessingItems, Template, TemplateType, WatermarkRef } from '../model';

/** A reference (schema, ProcessMedia, declaration) to a template that does not exist: a request error. */
const DEFINITION_NOT_EXIST = 'InvalidParameter.DefinitionNotExist';

interface Reference {
  field: string;
  templateId: number;
  type: TemplateType;
  /** Extra requirement beyond the type, with its description. */
  also?: { test: (t: Template) => boolean; description: string };
}

const HLS_ONLY = {
  test: (t: Template) => t.type === 'transcode' && t.container === 'hls',
  description: "a transcode template with container 'hls'",
};

function watermarkRefs(field: string, refs: WatermarkRef[] | undefined): Reference[] {
  return (refs ?? []).map((w, i) => ({
    field: `${field}.watermarks[${i}].templateId`,
    templateId: w.templateId,
    type: 'watermark' as const,
  }));
}

/** Every template reference in the items, with its field path and the template type it needs. */
export function templateReferences(items: ProcessingItems, field = 'items'): Reference[] {
  const refs: Reference[] = [];
  items.transcode?.forEach((item, i) => {
    const f = `${field}.transcode[${i}]`;
    refs.push({ field: `${f}.templateId`, templateId: item.templateId, type: 'transcode' });
    refs.push(...watermarkRefs(f, item.watermarks));
  });
  items.adaptiveStreaming?.forEach((item, i) => {
    const f = `${field}.adaptiveStreaming[${i}]`;
    item.templateIds.forEach((id, j) =>
      refs.push({ field: `${f}.templateIds[${j}]`, templateId: id, type: 'transcode', also: HLS_ONLY }),
    );
    refs.push(...watermarkRefs(f, item.watermarks));
  });
  items.animatedGraphics?.forEach((item, i) =>
    refs.push({
      field: `${field}.animatedGraphics[${i}].templateId`,
      templateId: item.templateId,
      type: 'animatedGraphics',
    }),
  );
  items.snapshotByTimeOffset?.forEach((item, i) => {
    const f = `${field}.snapshotByTimeOffset[${i}]`;
    refs.push({ field: `${f}.templateId`, templateId: item.templateId, type: 'snapshot' });
    refs.push(...watermarkRefs(f, item.watermarks));
  });
  items.sampleSnapshot?.forEach((item, i) => {
    const f = `${field}.sampleSnapshot[${i}]`;
    refs.push({ field: `${f}.templateId`, templateId: item.templateId, type: 'sampleSnapshot' });
    refs.push(...watermarkRefs(f, item.watermarks));
  });
  items.imageSprite?.forEach((item, i) =>
    refs.push({
      field: `${field}.imageSprite[${i}].templateId`,
      templateId: item.templateId,
      type: 'sprite',
    }),
  );
  for (const [kind, type] of [
    ['contentReview', 'contentReview'],
    ['aiRecognition', 'aiRecognition'],
    ['aiAnalysis', 'aiAnalysis'],
  ] as const) {
    items[kind]?.forEach((item, i) =>
      refs.push({ field: `${field}.${kind}[${i}].templateId`, templateId: item.templateId, type }),
    );
  }
  return refs;
}

/** Distinct template ids the items reference (including watermarks), ascending. */
export function referencedTemplateIds(items: ProcessingItems): number[] {
  const ids = new Set(templateReferences(items).map((r) => r.templateId));
  return [...ids].sort((a, b) => a - b);
}

/**
 * Checks that every referenced template exists and has the right type. Throws ValidationError with
 * code 'InvalidParameter.DefinitionNotExist' for a missing id and 'InvalidParameter' for a wrong type
 * (e.g. a snapshot template in a transcode item, or a non-HLS template in adaptive streaming).
 */
export function checkTemplateReferences(items: ProcessingItems, templates: Map<number, Template>): void {
  for (const ref of templateReferences(items)) {
    const template = templates.get(ref.templateId);
    if (!template) {
      throw new ValidationError(
        `${ref.field} refers to template ${ref.templateId}, which does not exist; it must be the id of an existing ${ref.type} template`,
        ref.field,
        DEFINITION_NOT_EXIST,
      );
    }
    if (template.type !== ref.type || (ref.also && !ref.also.test(template))) {
      const allowed = ref.also?.description ?? `a ${ref.type} template`;
      const actual =
        template.type === 'transcode'
          ? `a transcode template with container '${template.container}'`
          : `a ${template.type} template`;
      throw new ValidationError(
        `${ref.field} refers to template ${ref.templateId}, which is ${actual}; it must be ${allowed}`,
        ref.field,
      );
    }
  }
}
