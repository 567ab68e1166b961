# One standalone trigger per event, as serverless.yml declares them, plus the callback's function URL
# (API Gateway triggers cannot be created since 2024-07-01, docs 583/107631). Standalone triggers
# change one at a time; the function resource's inline `triggers` would recreate all of them.

# COS invokes the upload function asynchronously for every object created under the input prefix.
resource "tencentcloud_scf_trigger" "upload_cos" {
  function_name = tencentcloud_scf_function.function["upload"].name
  namespace     = var.namespace
  type          = "cos"
  # For cos the name is the bucket's XML API domain (CreateTrigger, docs 583/18589).
  trigger_name = "${var.input_bucket}.cos.${var.region}.myqcloud.com"
  trigger_desc = jsonencode({
    event  = "cos:ObjectCreated:*"
    filter = { Prefix = var.input_prefix, Suffix = var.trigger_suffix }
  })
  enable = "OPEN"
}

# The reconciler's timer.
resource "tencentcloud_scf_trigger" "reconcile_timer" {
  function_name = tencentcloud_scf_function.function["reconcile"].name
  namespace     = var.namespace
  type          = "timer"
  trigger_name  = "cos_transcribe_reconcile"
  trigger_desc  = jsonencode({ cron = var.reconcile_cron })
  enable        = "OPEN"
}

# The callback's function URL: public, AuthType NONE; the HMAC token in the URL is the authentication
# (README "Operate"). The provider names http triggers itself, so no trigger_name.
resource "tencentcloud_scf_trigger" "callback_url" {
  function_name = tencentcloud_scf_function.function["callback"].name
  namespace     = var.namespace
  type          = "http"
  trigger_desc = jsonencode({
    AuthType  = "NONE"
    NetConfig = { EnableIntranet = false, EnableExtranet = true }
  })
  enable = "OPEN"
}

# The trigger as SCF lists it (ListTriggers), for the callback URL output: the resource above keeps
# only the fields it was given.
data "tencentcloud_scf_triggers" "callback" {
  function_name = tencentcloud_scf_function.function["callback"].name
  namespace     = var.namespace
  depends_on    = [tencentcloud_scf_trigger.callback_url]
}
