# Set outside the repository (the pipeline's environment: TF_VAR_<name>).
variable "atlas_org_id" {
  description = "MongoDB Atlas organization id (TF_VAR_atlas_org_id)."
  type        = string
}

variable "api_access_cidrs" {
  description = "CIDRs allowed to reach the Kubernetes API publicly (empty: private endpoint only)."
  type        = list(string)
  default     = []
}

variable "alarm_email" {
  description = "Where CloudWatch alarms go (empty: nowhere yet)."
  type        = string
  default     = ""
}
