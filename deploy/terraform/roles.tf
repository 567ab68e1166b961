# One CAM role per function, trusted by SCF, with the least privilege of the README's "Permissions per
# function" table. COS resources are qcs::cos:<region>:uid/<appid>:<bucket>/<key prefix>*; the engines'
# actions have no resource-level scope and take "*". The provider wants array values in policies.
#
# Unverified against Tencent's action lists (README): the CI job-query and queue-listing action names
# (variables ci_job_query_actions and ci_queue_list_actions), mps:RecognizeAudio, and the cos:prefix
# condition key on GetBucket.

data "tencentcloud_user_info" "account" {}

locals {
  app_id       = var.app_id != "" ? var.app_id : regex("-([0-9]+)$", var.input_bucket)[0]
  output_b     = var.output_bucket != "" ? var.output_bucket : var.input_bucket
  ledger_b     = var.ledger_bucket != "" ? var.ledger_bucket : local.output_b
  cos          = "qcs::cos:${var.region}:uid/${local.app_id}"
  input_keys   = "${local.cos}:${var.input_bucket}/${var.input_prefix}*"
  output_keys  = "${local.cos}:${local.output_b}/${var.output_prefix}*"
  ledger_keys  = "${local.cos}:${local.ledger_b}/${var.ledger_prefix}*"
  ci_pass_role = "qcs::cam::uin/${data.tencentcloud_user_info.account.owner_uin}:roleName/${var.ci_service_role_name}"
  queue_list   = var.ci_jobs_path == "/asr_jobs" && var.ci_queue_id == "" ? var.ci_queue_list_actions : []

  # Statements shared by the policies below.
  ledger_read_write = { effect = "allow", action = ["name/cos:GetObject", "name/cos:PutObject"], resource = [local.ledger_keys] }
  ledger_list = {
    effect    = "allow"
    action    = ["name/cos:GetBucket"]
    resource  = ["${local.cos}:${local.ledger_b}/*"]
    condition = { string_like = { "cos:prefix" = ["${var.ledger_prefix}*"] } }
  }
  outputs_write = { effect = "allow", action = ["name/cos:PutObject"], resource = [local.output_keys] }
  inputs_read   = { effect = "allow", action = ["name/cos:HeadObject", "name/cos:GetObject"], resource = [local.input_keys] }
  submit = {
    effect = "allow"
    action = concat(
      ["name/ci:CreateAsrJobs", "name/asr:CreateRecTask", "name/asr:SentenceRecognition", "name/mps:RecognizeAudio"],
      [for action in local.queue_list : "name/${action}"],
    )
    resource = ["*"]
  }
  pass_ci_role = { effect = "allow", action = ["name/cam:PassRole"], resource = [local.ci_pass_role] }
  query = {
    effect   = "allow"
    action   = concat(["name/asr:DescribeTaskStatus"], [for action in var.ci_job_query_actions : "name/${action}"])
    resource = ["*"]
  }

  policies = {
    upload = [local.inputs_read, local.ledger_read_write, local.ledger_list, local.outputs_write, local.submit, local.pass_ci_role]
    # No access to inputs: the callback only reads what the engine answered.
    callback = [local.ledger_read_write, local.ledger_list, local.outputs_write, local.query]
    reconcile = [
      { effect = "allow", action = ["name/cos:GetBucket"], resource = ["${local.cos}:${var.input_bucket}/*"] },
      local.inputs_read, local.ledger_read_write, local.ledger_list, local.outputs_write,
      local.submit, local.pass_ci_role, local.query,
    ]
  }
}

# SCF assumes each role to run its function (trusted service scf.qcloud.com).
locals {
  scf_trust = jsonencode({
    version   = "2.0"
    statement = [{ action = "name/sts:AssumeRole", effect = "allow", principal = { service = ["scf.qcloud.com"] } }]
  })
}

resource "tencentcloud_cam_role" "function" {
  for_each = local.functions

  name        = "${var.name_prefix}-${each.key}"
  document    = local.scf_trust
  description = "cos-transcribe ${each.key} function"
}

resource "tencentcloud_cam_policy" "function" {
  for_each = local.functions

  name        = "${var.name_prefix}-${each.key}"
  document    = jsonencode({ version = "2.0", statement = local.policies[each.key] })
  description = "cos-transcribe ${each.key} function: the README's permissions for it"
}

resource "tencentcloud_cam_role_policy_attachment" "function" {
  for_each = local.functions

  role_id   = tencentcloud_cam_role.function[each.key].id
  policy_id = tencentcloud_cam_policy.function[each.key].id
}
