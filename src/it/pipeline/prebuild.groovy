// The project is a clone of github.com/acme/shop: goaws:pipeline reads the repository from the remote origin and
// writes the workflow at the checkout's root (real git, as a user's clone).
def git = { String... args ->
    def process = (['git'] + args.toList()).execute(null, basedir)
    process.waitForProcessOutput(System.out, System.err)
    assert process.exitValue() == 0 : "git ${args.join(' ')} failed"
}
git('init', '-q')
git('remote', 'add', 'origin', 'https://github.com/acme/shop.git')
true
