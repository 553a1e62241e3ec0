# State in S3 (versioned, KMS-encrypted, public access blocked: see terraform/bootstrap),
# locked with S3's own lock file; one state per environment.
terraform {
  backend "s3" {
    bucket       = "studysync-terraform-state"
    key          = "environments/staging/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    kms_key_id   = "alias/studysync-terraform-state"
    use_lockfile = true
  }
}
