/**
 * A COS trigger's rule: bucket, event type (`cos:ObjectCreated:*`, `cos:ObjectCreated:Put`,
 * `cos:ObjectRemove:*`, ...), optional key prefix and suffix. SCF refuses a second function on a rule
 * that overlaps one already bound on the same bucket (583/9707), because COS would not know which to call.
 */

/** One COS trigger rule. */
export interface CosTriggerRule {
  readonly bucket: string;
  readonly event: string;
  readonly prefix: string;
  readonly suffix: string;
}

/** The COS event types SCF accepts on a trigger. */
export const COS_EVENT_TYPES = [
  'cos:ObjectCreated:*',
  'cos:ObjectCreated:Put',
  'cos:ObjectCreated:Post',
  'cos:ObjectCreated:Copy',
  'cos:ObjectCreated:CompleteMultipartUpload',
  'cos:ObjectRemove:*',
  'cos:ObjectRemove:Delete',
  'cos:ObjectRemove:DeleteMarkerCreated',
] as const;

/** True when an object event of `eventName` on `bucket`/`key` fires this rule. */
export function ruleMatches(rule: CosTriggerRule, bucket: string, key: string, eventName: string): boolean {
  return (
    rule.bucket === bucket &&
    eventTypesOverlap(rule.event, eventName) &&
    key.startsWith(rule.prefix) &&
    key.endsWith(rule.suffix)
  );
}

/** True when some object event would fire both rules. */
export function rulesOverlap(a: CosTriggerRule, b: CosTriggerRule): boolean {
  return (
    a.bucket === b.bucket &&
    eventTypesOverlap(a.event, b.event) &&
    (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) &&
    (a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix))
  );
}

function eventTypesOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const family = (type: string) => type.slice(0, type.lastIndexOf(':'));
  return family(a) === family(b) && (a.endsWith(':*') || b.endsWith(':*'));
}
