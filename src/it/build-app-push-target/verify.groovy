def log = new File(basedir, 'build.log').text
// The login went to the configured endpoint (before the fix: the SDK's default chain, which has no region here).
assert log.contains('Cannot reach AWS STS at http://127.0.0.1:9'), 'ECR login did not use goaws.endpoint'
assert log.contains('Is the emulator at goaws.endpoint running?')
assert !log.contains('Unable to load region')
// Packaged, but nothing built or pushed.
assert new File(basedir, 'target/goaws/dist/Dockerfile').isFile()
assert !log.contains('Building and pushing')
assert !new File(basedir, 'target/goaws/image-reference').exists()
true
