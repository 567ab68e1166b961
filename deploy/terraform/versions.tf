# tencentcloud_scf_trigger (standalone triggers, including the `http` function URL) first shipped in
# provider 1.83.16 (CHANGELOG, PR #4343); older providers only have the inline `triggers` block, which
# deletes and recreates every trigger of a function on any change.
terraform {
  required_version = ">= 1.3.0"
  required_providers {
    tencentcloud = {
      source  = "tencentcloudstack/tencentcloud"
      version = ">= 1.83.16"
    }
  }
}
