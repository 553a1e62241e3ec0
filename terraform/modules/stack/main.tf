# One environment's composition: network, cluster, IRSA roles, data stores, the app's secret
# and monitoring. Each root in environments/ calls it once with its own values and configures
# the providers (region, cost allocation default_tags) and the state backend.
locals {
  name = "studysync-${var.environment}"
}

module "vpc" {
  source             = "../vpc"
  name               = local.name
  cidr               = var.vpc_cidr
  azs                = var.azs
  single_nat_gateway = var.single_nat_gateway
  cluster_name       = local.name
}

module "eks" {
  source              = "../eks"
  name                = local.name
  private_subnet_ids  = module.vpc.private_subnet_ids
  public_access_cidrs = var.api_access_cidrs
  node_instance_types = var.node_instance_types
  node_capacity_type  = var.node_capacity_type
  node_scaling        = var.node_scaling
  log_retention_days  = var.log_retention_days
}

resource "random_password" "redis" {
  length  = 48
  special = false
}

resource "random_password" "mongodb" {
  length  = 40
  special = false
}

module "redis" {
  source                   = "../redis"
  count                    = var.elasticache_redis ? 1 : 0
  name                     = local.name
  vpc_id                   = module.vpc.vpc_id
  subnet_ids               = module.vpc.data_subnet_ids
  client_security_group_id = module.eks.cluster_security_group_id
  replicas                 = var.environment == "prod" ? 2 : 1
  auth_token               = random_password.redis.result
}

module "mongodb" {
  source                   = "../mongodb"
  name                     = local.name
  atlas_org_id             = var.atlas_org_id
  atlas_region             = var.atlas_region
  instance_size            = var.atlas_instance_size
  vpc_id                   = module.vpc.vpc_id
  subnet_ids               = module.vpc.data_subnet_ids
  client_security_group_id = module.eks.cluster_security_group_id
  app_password             = random_password.mongodb.result
  tags                     = var.tags
}

# The app's one secret; the Secrets Store CSI driver mounts it (k8s/base/secretproviderclass.yaml).
resource "aws_kms_key" "app" {
  description         = "${local.name} app secret"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "app" {
  name                    = "studysync/app"
  description             = "StudySync ${var.environment}: MONGODB_URI and REDIS_URL"
  kms_key_id              = aws_kms_key.app.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string = jsonencode({
    MONGODB_URI = "mongodb+srv://studysync-app:${random_password.mongodb.result}@${module.mongodb.private_srv_host}/studysync"
    # dev runs its own Redis in the cluster (k8s/overlays/dev) and reads REDIS_URL from its ConfigMap.
    REDIS_URL = var.elasticache_redis ? "rediss://:${random_password.redis.result}@${module.redis[0].primary_endpoint}:6379" : ""
  })
}

module "iam" {
  source                 = "../iam"
  name                   = local.name
  oidc_provider_arn      = module.eks.oidc_provider_arn
  oidc_issuer            = module.eks.oidc_issuer
  app_namespace          = "studysync-${var.environment}"
  app_secret_arn         = aws_secretsmanager_secret.app.arn
  app_secret_kms_key_arn = aws_kms_key.app.arn
}

module "monitoring" {
  source                     = "../monitoring"
  name                       = local.name
  environment                = var.environment
  log_retention_days         = var.log_retention_days
  alarm_email                = var.alarm_email
  redis_replication_group_id = var.elasticache_redis ? "${local.name}-bus" : ""
}
