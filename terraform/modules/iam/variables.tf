variable "name" {
  description = "Prefix for role names, e.g. studysync-prod."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "oidc_provider_arn" {
  description = "The EKS cluster's IAM OIDC provider."
  type        = string
}

variable "oidc_issuer" {
  description = "The cluster's OIDC issuer host and path (no https://)."
  type        = string
}

variable "app_namespace" {
  description = "Namespace of the app's ServiceAccount, e.g. studysync-prod."
  type        = string
  validation {
    condition     = can(regex("^studysync-(dev|staging|prod)$", var.app_namespace))
    error_message = "app_namespace must be studysync-dev, studysync-staging or studysync-prod."
  }
}

variable "app_secret_arn" {
  description = "The Secrets Manager secret the app's pods mount (MONGODB_URI, REDIS_URL)."
  type        = string
}

variable "app_secret_kms_key_arn" {
  description = "The KMS key that encrypts the app's secret."
  type        = string
}

variable "tags" {
  description = "Extra tags on every resource."
  type        = map(string)
  default     = {}
}
