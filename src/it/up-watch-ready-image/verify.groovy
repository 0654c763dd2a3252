def log = new File(basedir, 'build.log').text
assert log.contains('Invalid goaws configuration <watch> (-Dgoaws.watch): true with goaws.image=public.ecr.aws/docker/library/nginx:1.27: a ready image cannot be rebuilt')
assert !log.contains('Local AWS (moto)') : 'nothing may start'
assert !new File(basedir, 'target/goaws/local.json').exists()
true
