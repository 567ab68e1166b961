const NUMBER = /^\d+$/;

/** How a speaker key is shown: engines number speakers ('1', '2'), which reads better as 'Speaker 1'. */
export function speakerName(key: string): string {
  if (NUMBER.test(key)) return `Speaker ${key}`;
  if (key.startsWith('channel ')) return `Channel ${key.slice(8)}`;
  return key;
}
