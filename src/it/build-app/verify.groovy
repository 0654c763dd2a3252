import java.util.jar.JarFile
import java.util.concurrent.TimeUnit

def log = new File(basedir, 'build.log').text
def dist = new File(basedir, 'target/goaws/dist')
def jar = new File(dist, 'app/tiny-app-1.0.jar')
assert jar.isFile()
def libs = new File(dist, 'app/lib').list().sort()
assert libs.size() == 1 && libs[0] ==~ /jackson-core-.*\.jar/
assert new File(dist, 'app/assets/index.html').isFile()

// The shaded jar was split: the app jar holds only the app's own classes, Jackson lives in lib/.
new JarFile(jar).withCloseable { j ->
    def names = j.entries().toList()*.name
    assert names.contains('com/example/tiny/TinyApp.class')
    assert !names.any { it.startsWith('com/fasterxml/') }
    assert j.manifest.mainAttributes.getValue('Main-Class') == 'com.example.tiny.TinyApp'
    assert j.manifest.mainAttributes.getValue('Class-Path') == 'lib/' + libs[0]
}

def dockerfile = new File(dist, 'Dockerfile').text
assert dockerfile.contains('FROM public.ecr.aws/docker/library/eclipse-temurin:17-jre\n')
assert dockerfile.contains('COPY app/lib/ /app/lib/\n')
assert dockerfile.contains('COPY app/assets/ /app/assets/\n')
assert dockerfile.contains('COPY app/tiny-app-1.0.jar /app/tiny-app-1.0.jar\n')
assert dockerfile.contains('ENV PORT=9090\n')
assert dockerfile.contains('EXPOSE 9090\n')
assert dockerfile.contains('USER 65532:65532\n')
// goaws.cpu defaults to 256 (a quarter vCPU): the default flags stop the JIT at C1 there.
// The java command is the image's CMD and the base's entrypoint is cleared: a one-off task's command replaces it.
assert dockerfile.contains('ENTRYPOINT []\nCMD ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-jar", "/app/tiny-app-1.0.jar"]\n')
// COPY lib before the app jar: the dependency layer stays cached when only code changes.
assert dockerfile.indexOf('COPY app/lib/') < dockerfile.indexOf('COPY app/tiny-app')
assert log.contains('Image builder: jib') || log.contains('Image builder: docker')

def java = new File(System.getProperty('java.home'), 'bin/java').path

// --help through the dist jar: Main-Class and Class-Path work outside the image.
def help = new ProcessBuilder(java, '-jar', jar.path, '--help').redirectErrorStream(true).start()
assert help.waitFor(60, TimeUnit.SECONDS)
assert help.exitValue() == 0
assert help.inputStream.text.contains('usage: PORT=8080')

// Start and ping, as the container would run it (same flags), on a free port.
def port = new ServerSocket(0).withCloseable { it.localPort }
def pb = new ProcessBuilder(java, '-XX:MaxRAMPercentage=75', '-XX:+ExitOnOutOfMemoryError', '-XX:TieredStopAtLevel=1', '-jar', jar.path)
        .redirectErrorStream(true)
pb.environment().put('PORT', port.toString())
pb.environment().put('BIND', '127.0.0.1')
def app = pb.start()
try {
    def body = null
    for (int i = 0; i < 300 && body == null && app.alive; i++) {
        try {
            body = new URL("http://127.0.0.1:${port}/ping").text
        } catch (IOException notYet) {
            Thread.sleep(100)
        }
    }
    assert body == '{"message":"pong"}'
} finally {
    app.destroy()
    app.waitFor(10, TimeUnit.SECONDS)
}
true
