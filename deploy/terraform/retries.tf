# Asynchronous invocations (COS events, timer ticks) as the README's "Retries and dead letters" asks:
# the upload function retried twice with events kept 6 h; the reconciler never retried, since the next
# tick is its retry. The callback is synchronous (function URL): SCF never retries it.
# msg_ttl is AsyncTriggerConfig.MsgTTL of the SCF API, whose unit the API leaves unsaid; 21600 is 6 h in
# seconds, the default serverless-components/tencent-scf documents for msgTTL (GetAccountSettings
# reports the account's MinMsgTTL/MaxMsgTTL bounds).

locals {
  async_retries = { upload = 2, reconcile = 0 }
}

resource "tencentcloud_scf_function_event_invoke_config" "function" {
  for_each = local.async_retries

  function_name = tencentcloud_scf_function.function[each.key].name
  namespace     = var.namespace
  async_trigger_config {
    retry_config {
      retry_num = each.value
    }
    msg_ttl = 21600
  }
}
