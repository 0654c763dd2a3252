def log = new File(basedir, 'build.log').text
assert log.contains('Invalid goaws configuration <environment> (-Dgoaws.environment): DB_PASSWORD looks like a secret'
        + ' (its name has PASSWORD)')
assert log.contains('Use <secrets>: <secrets><DB_PASSWORD>ssm:db-password</DB_PASSWORD></secrets>, its value set with'
        + ' mvn goaws:secret -Dgoaws.secretName=DB_PASSWORD.')
assert log.contains('list the name in goaws.notSecret')
assert !log.contains('hunter2-written-in-the-pom') : 'the value must never be repeated'
assert !new File(basedir, 'target/goaws/cdk.out').exists() : 'nothing may be synthesized'
assert !log.contains('Synthesizing')
true
