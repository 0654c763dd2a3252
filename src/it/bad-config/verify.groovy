def log = new File(basedir, 'build.log').text
assert log.contains('Invalid goaws configuration <memory> (-Dgoaws.memory): memory=4096 MiB does not fit cpu=256.')
assert log.contains('Fargate accepts 512 to 2048 MiB in steps of 512')
assert !new File(basedir, 'target/goaws/cdk.out').exists() : 'nothing may be synthesized'
assert !log.contains('Synthesizing')
true
