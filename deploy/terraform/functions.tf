# The three functions of serverless.yml, from the one zip `npm run build` packages: each bundle sits at
# the zip root, so handlers are <bundle>.main (SCF wants the entry file at the root, docs 583/46770).
# Sizes and timeouts as in serverless.yml; every function gets the same environment.

locals {
  functions = {
    upload = {
      handler     = "upload.main"
      memory      = 256
      timeout     = 90
      description = "cos-transcribe upload trigger - claims and submits one speech job per new object"
    }
    callback = {
      handler     = "callback.main"
      memory      = 512
      timeout     = 60
      description = "cos-transcribe engine callback - verifies, pulls the result, writes transcripts and subtitles"
    }
    reconcile = {
      handler     = "reconcile.main"
      memory      = 256
      timeout     = 300
      description = "cos-transcribe reconciler - polls stale jobs, resubmits lost ones, fails jobs past the hard limit"
    }
  }

  environment = {
    REGION                    = var.region
    APP_ID                    = var.app_id
    INPUT_BUCKET              = var.input_bucket
    INPUT_PREFIX              = var.input_prefix
    TRIGGER_SUFFIX            = var.trigger_suffix
    OUTPUT_BUCKET             = var.output_bucket
    OUTPUT_PREFIX             = var.output_prefix
    LEDGER_BUCKET             = var.ledger_bucket
    LEDGER_PREFIX             = var.ledger_prefix
    DEFAULT_ENGINE            = var.default_engine
    ENGINE_MODEL              = var.engine_model
    CI_QUEUE_ID               = var.ci_queue_id
    CI_JOBS_PATH              = var.ci_jobs_path
    OUTPUT_FORMATS            = var.output_formats
    SUBTITLE_PROFILE          = var.subtitle_profile
    SPEAKERS                  = var.speakers
    HOTWORDS                  = var.hotwords
    FILTER_DIRTY              = var.filter_dirty
    FILTER_MODAL              = var.filter_modal
    PROFILES                  = var.profiles
    CALLBACK_BASE_URL         = var.callback_base_url
    CALLBACK_SECRET           = var.callback_secret
    CALLBACK_SECRET_PREVIOUS  = var.callback_secret_previous
    PRESIGN_TTL               = var.presign_ttl
    RECONCILE_STALE_AFTER     = var.reconcile_stale_after
    RECONCILE_HARD_LIMIT      = var.reconcile_hard_limit
    RECONCILE_MAX_SUBMISSIONS = var.reconcile_max_submissions
  }

  # Code from a local zip, or from a zip already in COS (the provider takes one or the other).
  zip_file          = var.code_cos_bucket == null ? var.zip_file : null
  cos_bucket_name   = var.code_cos_bucket
  cos_object_name   = var.code_cos_bucket == null ? null : var.code_cos_object
  cos_bucket_region = var.code_cos_bucket == null ? null : var.region
}

resource "tencentcloud_scf_function" "function" {
  for_each = local.functions

  name        = "${var.name_prefix}-${each.key}"
  namespace   = var.namespace
  description = each.value.description
  handler     = each.value.handler
  runtime     = "Nodejs18.15"
  mem_size    = each.value.memory
  timeout     = each.value.timeout
  role        = tencentcloud_cam_role.function[each.key].name
  environment = local.environment

  zip_file          = local.zip_file
  cos_bucket_name   = local.cos_bucket_name
  cos_object_name   = local.cos_object_name
  cos_bucket_region = local.cos_bucket_region
}
