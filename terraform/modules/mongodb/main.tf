# MongoDB: Atlas (real MongoDB 7/8, which the app is written for; DocumentDB lacks parts of
# the MongoDB 7 API), reached only through AWS PrivateLink from the data subnets.
resource "mongodbatlas_project" "this" {
  name   = var.name
  org_id = var.atlas_org_id
}

resource "mongodbatlas_advanced_cluster" "this" {
  project_id                     = mongodbatlas_project.this.id
  name                           = var.name
  cluster_type                   = "REPLICASET"
  mongo_db_major_version         = var.mongodb_major_version
  backup_enabled                 = true
  pit_enabled                    = var.instance_size != "M10"
  termination_protection_enabled = true

  replication_specs {
    region_configs {
      provider_name = "AWS"
      region_name   = var.atlas_region
      priority      = 7
      electable_specs {
        instance_size = var.instance_size
        node_count    = 3
      }
    }
  }

  advanced_configuration {
    minimum_enabled_tls_protocol = "TLS1_2"
    javascript_enabled           = false
  }
}

resource "mongodbatlas_privatelink_endpoint" "this" {
  project_id    = mongodbatlas_project.this.id
  provider_name = "AWS"
  region        = var.atlas_region
}

resource "aws_security_group" "endpoint" {
  name        = "${var.name}-atlas-endpoint"
  description = "Atlas PrivateLink endpoint: only the EKS cluster connects"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

# Atlas maps each cluster node to its own port on the endpoint.
resource "aws_vpc_security_group_ingress_rule" "from_cluster" {
  security_group_id            = aws_security_group.endpoint.id
  description                  = "MongoDB from the EKS cluster"
  referenced_security_group_id = var.client_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 1024
  to_port                      = 65535
}

resource "aws_vpc_endpoint" "atlas" {
  vpc_id             = var.vpc_id
  service_name       = mongodbatlas_privatelink_endpoint.this.endpoint_service_name
  vpc_endpoint_type  = "Interface"
  subnet_ids         = var.subnet_ids
  security_group_ids = [aws_security_group.endpoint.id]
  tags               = merge(var.tags, { Name = "${var.name}-atlas" })
}

resource "mongodbatlas_privatelink_endpoint_service" "this" {
  project_id          = mongodbatlas_project.this.id
  private_link_id     = mongodbatlas_privatelink_endpoint.this.private_link_id
  endpoint_service_id = aws_vpc_endpoint.atlas.id
  provider_name       = "AWS"
}

resource "mongodbatlas_database_user" "app" {
  project_id         = mongodbatlas_project.this.id
  auth_database_name = "admin"
  username           = "studysync-app"
  password           = var.app_password
  roles {
    role_name     = "readWrite"
    database_name = "studysync"
  }
  scopes {
    name = mongodbatlas_advanced_cluster.this.name
    type = "CLUSTER"
  }
}
