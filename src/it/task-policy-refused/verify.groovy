def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/aws/task-policy.json').path
assert log.contains('Invalid goaws configuration <taskPolicy> (-Dgoaws.taskPolicy): ' + file
        + ': statement 2 (Sid Uploads) allows \'s3:*\', every action of s3: list the ones the app calls')
assert !new File(basedir, 'target/goaws/cdk.out').exists() : 'nothing may be synthesized'
assert !log.contains('Synthesizing')
true
