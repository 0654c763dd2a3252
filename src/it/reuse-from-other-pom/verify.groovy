import groovy.json.JsonSlurper

def out = new File(basedir, 'target/goaws/cdk.out')
def parse = { String name -> new JsonSlurper().parse(new File(out, name + '.template.json')) }
def ofType = { t, String type -> t.Resources.values().findAll { it.Type == type } }

assert !new File(out, 'goaws-vpc.template.json').exists()
def vpc = parse('shop-vpc')
assert ofType(vpc, 'AWS::SSM::Parameter')*.Properties*.Name.contains('/shop/prod/vpc')
def table = parse('shop-table')
assert ofType(table, 'AWS::DynamoDB::Table')[0].Properties.KeySchema[0].AttributeName == 'sku'
assert ofType(table, 'AWS::SSM::Parameter')[0].Properties.Name == '/shop/prod/table'

def container = parse('shop-container')
def task = ofType(container, 'AWS::ECS::TaskDefinition')[0].Properties
assert task.Cpu == '512' && task.Memory == '1024'
def app = task.ContainerDefinitions[0]
assert app.PortMappings[0].ContainerPort == 9090
assert app.Environment.find { it.Name == 'PORT' }.Value == '9090'
assert app.Environment.find { it.Name == 'GOAWS_TABLE_PARAMETER' }.Value == '/shop/prod/table'
assert container.Parameters.values()*.Default.containsAll(['/shop/prod/vpc', '/shop/prod/vpc-private-subnets'])
assert !groovy.json.JsonOutput.toJson(container).contains('/go-on-aws')

// The production options, set in <configuration>, reach the templates (and pass cdk-nag).
assert ofType(vpc, 'AWS::EC2::FlowLog').isEmpty()
assert task.RuntimePlatform.CpuArchitecture == 'ARM64'
def listeners = ofType(container, 'AWS::ElasticLoadBalancingV2::Listener')*.Properties
assert listeners*.Protocol.sort() == ['HTTP', 'HTTPS']
assert listeners.find { it.Protocol == 'HTTP' }.DefaultActions[0].Type == 'redirect'
assert container.Outputs.ServiceUrl.Value == 'https://shop.example.com'
assert ofType(container, 'AWS::ApplicationAutoScaling::ScalableTarget')[0].Properties.MaxCapacity == 3
assert ofType(container, 'AWS::ElasticLoadBalancingV2::TargetGroup')[0].Properties.HealthCheckPath == '/ping'
assert ofType(container, 'AWS::Logs::LogGroup')[0].Properties.RetentionInDays == 14
true
