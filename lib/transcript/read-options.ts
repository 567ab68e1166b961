/**
 * What a caller may know about a result that the result itself does not say. The pipeline knows the
 * model and channel count it submitted with; `render` on a saved file usually knows neither.
 */
export interface ReadOptions {
  /** The engine model the task ran with ('16k_zh', '8k_zh', ...): sets the language and `source.model`. */
  readonly model?: string;
  /**
   * Audio channels the task was submitted with. With 2 (ASR `ChannelNum=2`, telephone audio) the
   * engine's `SpeakerId` is the channel (0 left, 1 right), not a diarized speaker.
   */
  readonly channelCount?: number;
  /** Overrides the language tag ('en', 'zh', ...), for when the caller knows better than the guess. */
  readonly language?: string;
}
