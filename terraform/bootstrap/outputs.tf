output "state_bucket" {
  description = "The environments' backend bucket."
  value       = aws_s3_bucket.state.bucket
}

output "ecr_repository_url" {
  description = "Where images go (k8s/overlays/*/kustomization.yaml images.newName)."
  value       = aws_ecr_repository.app.repository_url
}

output "github_ecr_push_role_arn" {
  description = "Set as the repository variable AWS_ECR_PUSH_ROLE_ARN."
  value       = aws_iam_role.github_ecr_push.arn
}

output "account_id" {
  description = "The AWS account."
  value       = data.aws_caller_identity.current.account_id
}
