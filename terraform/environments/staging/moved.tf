# The composition moved into modules/stack: existing state follows it instead of being replaced.
moved {
  from = module.vpc
  to   = module.stack.module.vpc
}

moved {
  from = module.eks
  to   = module.stack.module.eks
}

moved {
  from = module.redis
  to   = module.stack.module.redis
}

moved {
  from = module.mongodb
  to   = module.stack.module.mongodb
}

moved {
  from = module.iam
  to   = module.stack.module.iam
}

moved {
  from = module.monitoring
  to   = module.stack.module.monitoring
}

moved {
  from = random_password.redis
  to   = module.stack.random_password.redis
}

moved {
  from = random_password.mongodb
  to   = module.stack.random_password.mongodb
}

moved {
  from = aws_kms_key.app
  to   = module.stack.aws_kms_key.app
}

moved {
  from = aws_secretsmanager_secret.app
  to   = module.stack.aws_secretsmanager_secret.app
}

moved {
  from = aws_secretsmanager_secret_version.app
  to   = module.stack.aws_secretsmanager_secret_version.app
}
