variable "name" {
  description = "Cluster and project name, e.g. studysync-prod."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "atlas_org_id" {
  description = "The MongoDB Atlas organization that owns the project."
  type        = string
  validation {
    condition     = can(regex("^[0-9a-f]{24}$", var.atlas_org_id))
    error_message = "atlas_org_id must be a 24-character hex id."
  }
}

variable "atlas_region" {
  description = "Atlas region name matching the VPC's AWS region, e.g. US_EAST_1."
  type        = string
}

variable "instance_size" {
  description = "Atlas tier: M10 for dev and staging, M30+ for prod (PrivateLink needs M10+)."
  type        = string
  default     = "M10"
  validation {
    condition     = can(regex("^M([1-9][0-9]+)$", var.instance_size))
    error_message = "instance_size must be a dedicated tier, M10 or larger."
  }
}

variable "mongodb_major_version" {
  description = "MongoDB major version (the app supports 7 and later)."
  type        = string
  default     = "8.0"
  validation {
    condition     = contains(["7.0", "8.0"], var.mongodb_major_version)
    error_message = "mongodb_major_version must be 7.0 or 8.0."
  }
}

variable "vpc_id" {
  description = "The VPC the PrivateLink endpoint lives in."
  type        = string
}

variable "subnet_ids" {
  description = "The data subnets for the endpoint's network interfaces."
  type        = list(string)
}

variable "client_security_group_id" {
  description = "The only security group allowed to connect (the EKS cluster security group)."
  type        = string
}

variable "app_password" {
  description = "Password of the app's database user (also stored in the app's secret)."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.app_password) >= 24
    error_message = "app_password must be at least 24 characters."
  }
}

variable "tags" {
  description = "Extra tags on the AWS resources."
  type        = map(string)
  default     = {}
}
