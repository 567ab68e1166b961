# Every setting the functions read (lib/config/load-config.ts; the README's configuration table says
# what each means), plus the deploy's own. Defaults equal the functions' defaults; an empty string means
# "unset" to the functions, as in serverless.yml. test/unit/deploy/terraform-module.test.ts checks both.

# --- where the functions run and what they are called ---

variable "region" {
  description = "Region of the functions, the buckets and the engines, e.g. ap-guangzhou (REGION)."
  type        = string
}

variable "name_prefix" {
  description = "Functions are named <name_prefix>-upload, -callback and -reconcile; roles and policies likewise."
  type        = string
  default     = "cos-transcribe"
}

variable "namespace" {
  description = "SCF namespace of the three functions."
  type        = string
  default     = "default"
}

variable "zip_file" {
  description = "Path of the packaged code (npm run build writes .build/cos-transcribe.zip). Ignored when code_cos_bucket is set."
  type        = string
  default     = "../../.build/cos-transcribe.zip"
}

variable "code_cos_bucket" {
  description = "Bucket (<name>-<appid>) holding the packaged zip, instead of zip_file; null uploads zip_file."
  type        = string
  default     = null
}

variable "code_cos_object" {
  description = "Key of the packaged zip in code_cos_bucket (ends in .zip)."
  type        = string
  default     = "cos-transcribe.zip"
}

variable "reconcile_cron" {
  description = "When the reconciler runs: SCF's 7-field cron, seconds first (serverless.yml RECONCILE_CRON)."
  type        = string
  default     = "0 */5 * * * * *"
}

variable "ci_service_role_name" {
  description = "The role CI assumes to read the bucket; the upload and reconcile functions may pass it (cam:PassRole)."
  type        = string
  default     = "CI_QCSRole"
}

variable "ci_job_query_actions" {
  description = "CAM actions that let GET /asr_jobs/<id> and GET /jobs/<id> through (names unverified)."
  type        = list(string)
  default     = ["ci:DescribeAsrJobs", "ci:DescribeMediaJob"]
}

variable "ci_queue_list_actions" {
  description = "CAM actions that let GET /asrqueue through (names unverified); only needed on /asr_jobs without ci_queue_id."
  type        = list(string)
  default     = ["ci:DescribeAsrQueues"]
}

# --- the functions' settings (environment) ---

variable "app_id" {
  description = "Account APPID (APP_ID); empty takes the digits after the last - of input_bucket."
  type        = string
  default     = ""
}

variable "input_bucket" {
  description = "Watched bucket, <name>-<appid> (INPUT_BUCKET)."
  type        = string
}

variable "input_prefix" {
  description = "Watched key prefix, ending in / (INPUT_PREFIX); also the COS trigger's prefix filter."
  type        = string
  default     = "input/"
}

variable "trigger_suffix" {
  description = "Key suffix the COS trigger filters on, e.g. .mp4; empty for every key (TRIGGER_SUFFIX)."
  type        = string
  default     = ""
}

variable "output_bucket" {
  description = "Where transcripts and subtitles go (OUTPUT_BUCKET); empty means input_bucket."
  type        = string
  default     = ""
}

variable "output_prefix" {
  description = "Output key prefix (OUTPUT_PREFIX)."
  type        = string
  default     = "output/"
}

variable "ledger_bucket" {
  description = "Where job records and status objects go (LEDGER_BUCKET); empty means the output bucket."
  type        = string
  default     = ""
}

variable "ledger_prefix" {
  description = "Ledger key prefix (LEDGER_PREFIX)."
  type        = string
  default     = "cos-transcribe/"
}

variable "default_engine" {
  description = "ci, asr, sentence, mps or auto (DEFAULT_ENGINE)."
  type        = string
  default     = "auto"
}

variable "engine_model" {
  description = "Engine model, checked against the engine's list (ENGINE_MODEL)."
  type        = string
  default     = "16k_zh"
}

variable "ci_queue_id" {
  description = "CI speech queue (CI_QUEUE_ID); empty finds it with GET /asrqueue when the path needs one."
  type        = string
  default     = ""
}

variable "ci_jobs_path" {
  description = "CI speech-job API: /asr_jobs (queue required) or /jobs (CI_JOBS_PATH)."
  type        = string
  default     = "/asr_jobs"
}

variable "output_formats" {
  description = "Comma list of srt, vtt, ass, txt, json (OUTPUT_FORMATS)."
  type        = string
  default     = "srt,vtt,txt,json"
}

variable "subtitle_profile" {
  description = "en, zh or auto (SUBTITLE_PROFILE)."
  type        = string
  default     = "auto"
}

variable "speakers" {
  description = "Speaker diarization: off, auto or a count 1-10 (SPEAKERS)."
  type        = string
  default     = "off"
}

variable "hotwords" {
  description = "word|weight,word (HOTWORDS)."
  type        = string
  default     = ""
}

variable "filter_dirty" {
  description = "Profanity: 0 keep, 1 remove, 2 mask (FILTER_DIRTY)."
  type        = string
  default     = "0"
}

variable "filter_modal" {
  description = "Filler words: 0 keep, 1 remove some, 2 remove all (FILTER_MODAL)."
  type        = string
  default     = "0"
}

variable "profiles" {
  description = "Settings per key prefix, JSON (PROFILES)."
  type        = string
  default     = ""
}

variable "callback_base_url" {
  description = "The callback function's URL (CALLBACK_BASE_URL). Empty on the first apply: the URL exists only once the http trigger does (see README)."
  type        = string
  default     = ""
}

variable "callback_secret" {
  description = "HMAC key for callback URLs, at least 32 characters (CALLBACK_SECRET)."
  type        = string
  sensitive   = true
}

variable "callback_secret_previous" {
  description = "Also accepted while rotating the secret (CALLBACK_SECRET_PREVIOUS)."
  type        = string
  default     = ""
  sensitive   = true
}

variable "presign_ttl" {
  description = "Lifetime of the presigned audio URL given to ASR, 10m-7d (PRESIGN_TTL)."
  type        = string
  default     = "6h"
}

variable "reconcile_stale_after" {
  description = "A job with no progress for this long is polled by the reconciler (RECONCILE_STALE_AFTER)."
  type        = string
  default     = "30m"
}

variable "reconcile_hard_limit" {
  description = "After this long an unfinished job is failed (RECONCILE_HARD_LIMIT)."
  type        = string
  default     = "6h"
}

variable "reconcile_max_submissions" {
  description = "Lost uploads submitted per reconciler run, 1-1000 (RECONCILE_MAX_SUBMISSIONS)."
  type        = string
  default     = "20"
}
