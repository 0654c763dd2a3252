def log = new File(basedir, 'build.log').text
def jar = new File(basedir, 'target/not-packaged-1.0.jar')
assert log.contains("No app jar at ${jar.path}. Run 'mvn package' first, or point goaws.appJar (a jar file) or goaws.appModule (a module of this build) at the app.")
assert !new File(basedir, 'target/goaws/dist').exists()
true
