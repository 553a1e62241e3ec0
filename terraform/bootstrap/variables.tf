variable "region" {
  description = "AWS region of the state bucket and the image registry."
  type        = string
  default     = "us-east-1"
}

variable "github_repository" {
  description = "owner/name of the repository whose workflows push images (OIDC trust)."
  type        = string
  default     = "studysync/studysync"
  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "state_bucket" {
  description = "Name of the Terraform state bucket (the environments' backend.tf names it)."
  type        = string
  default     = "studysync-terraform-state"
}

variable "pull_account_ids" {
  description = "AWS accounts whose EKS nodes pull images from this registry (one per environment)."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for id in var.pull_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "pull_account_ids must be 12-digit AWS account ids."
  }
}
