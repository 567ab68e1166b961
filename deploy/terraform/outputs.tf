output "function_names" {
  description = "The SCF function of each part: upload, callback, reconcile."
  value       = { for part, fn in tencentcloud_scf_function.function : part => fn.name }
}

output "role_names" {
  description = "The CAM role of each function."
  value       = { for part, role in tencentcloud_cam_role.function : part => role.name }
}

# The provider exports no function-URL attribute, and Tencent does not document whether ListTriggers'
# TriggerDesc carries the URL. This output shows what SCF lists for the http trigger; the SCF console
# (the function's 函数 URL page) shows the URL, https://<appid>-<urlid>.<region>.tencentscf.com. Set it as
# callback_base_url and apply again (README "Terraform").
output "callback_function_url_trigger" {
  description = "The callback's function-URL trigger as ListTriggers returns it (may carry the URL; see the comment above)."
  value       = [for trigger in data.tencentcloud_scf_triggers.callback.triggers : trigger.trigger_desc if trigger.type == "http"]
}

output "callback_base_url" {
  description = "The CALLBACK_BASE_URL the functions run with; empty until set after the first apply."
  value       = var.callback_base_url
}
