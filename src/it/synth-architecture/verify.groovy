import groovy.json.JsonSlurper

def out = new File(basedir, 'target/goaws/cdk.out')
def log = new File(basedir, 'build.log').text
// Two builds: the first synthesizes, the second finds the assembly up to date and starts no CDK.
assert log.count('Synthesized 3 stack(s)') == 1 : 'expected exactly one synthesis over two builds'
assert log.contains('are up to date (same plugin, libraries, configuration and image): not synthesized again.')
assert new File(out, 'goaws-inputs.sha256').isFile()

def template = { String name ->
    def file = new File(out, name + '.template.json')
    assert file.isFile() : "missing ${file}"
    new JsonSlurper().parse(file)
}
def ofType = { t, String type -> t.Resources.values().findAll { it.Type == type } }

def vpc = template('goaws-vpc')
assert ofType(vpc, 'AWS::EC2::NatGateway').size() == 1
assert ofType(vpc, 'AWS::EC2::Subnet').size() == 4
assert ofType(vpc, 'AWS::SSM::Parameter')*.Properties*.Name.sort() ==
        ['/go-on-aws/vpc', '/go-on-aws/vpc-azs', '/go-on-aws/vpc-private-subnets', '/go-on-aws/vpc-public-subnets']

def table = template('goaws-table')
def ddb = ofType(table, 'AWS::DynamoDB::Table')
assert ddb.size() == 1
assert ddb[0].Properties.KeySchema == [[AttributeName: 'itemID', KeyType: 'HASH']]
assert ddb[0].DeletionPolicy == 'Retain'
assert ofType(table, 'AWS::SSM::Parameter')*.Properties*.Name == ['/go-on-aws/table']

def container = template('goaws-container')
assert ofType(container, 'AWS::ElasticLoadBalancingV2::TargetGroup')[0].Properties.Matcher.HttpCode == '200,401'
def task = ofType(container, 'AWS::ECS::TaskDefinition')[0].Properties
assert task.Cpu == '256' && task.Memory == '512'
assert task.ContainerDefinitions[0].PortMappings[0].ContainerPort == 8080
assert container.Parameters.values().findAll { it.Type == 'AWS::SSM::Parameter::Value<String>' }*.Default
        .containsAll(['/go-on-aws/vpc', '/go-on-aws/table'])

// Production defaults: flow logs, autoscaling 1..4, cdk-nag ran without leaving reports in the assembly.
assert ofType(vpc, 'AWS::EC2::FlowLog').size() == 1
def scaling = ofType(container, 'AWS::ApplicationAutoScaling::ScalableTarget')[0].Properties
assert scaling.MinCapacity == 1 && scaling.MaxCapacity == 4
assert !log.contains('cdk-nag is off')
assert !out.list().any { it.contains('NagReport') }

[vpc, table, container].each { assert !groovy.json.JsonOutput.toJson(it).contains('Fn::ImportValue') }
def manifest = new JsonSlurper().parse(new File(out, 'manifest.json'))
assert !manifest.missing
true
