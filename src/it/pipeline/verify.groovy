def log = new File(basedir, 'build.log').text
def file = new File(basedir, '.github/workflows/goaws.yml')
assert file.isFile()
def text = file.text

// Two runs: the first writes the workflow, the second finds it up to date.
assert (log =~ /\[INFO\] Wrote (\S+)\/\.github\/workflows\/goaws\.yml\./).size() == 1 : log
assert log.contains('goaws.yml is up to date: not written.')

// Written by goaws, with the checksum that lets it tell an edited file from its own.
assert text.startsWith('# Written by goaws:pipeline (dev.goaws:goaws-maven-plugin ')
assert text =~ /(?m)^# goaws-checksum: sha256:[0-9a-f]{64}$/

// Only the three actions, each pinned to a full commit SHA with its version beside it.
def uses = (text =~ /(?m)^\s*(?:- )?uses: (\S+)@(\S+) # (v\d+\.\d+\.\d+)$/).collect { it[1] }
assert text.count('uses:') == uses.size()
assert uses.toSet() == ['actions/checkout', 'actions/setup-java', 'aws-actions/configure-aws-credentials'] as Set

// The repository's roles, the region, the production stage, preview stages and the project's JDK.
assert text.contains('role-to-assume: arn:aws:iam::123456789012:role/shop-ci-DeployRole885297C3-1A2B3C')
assert text.contains('role-to-assume: arn:aws:iam::123456789012:role/shop-ci-PreviewRole5FDF1B00-4D5E6F')
assert text.contains('role-to-assume: arn:aws:iam::123456789012:role/cdk-hnb659fds-image-publishing-role-123456789012-eu-west-1')
assert text.contains('aws-region: eu-west-1')
assert text.contains('mvn -B -ntp goaws:diff -Dgoaws.stage=prod "-Dgoaws.summaryFile=$GITHUB_STEP_SUMMARY"')
assert text.contains('mvn -B -ntp goaws:deploy -Dgoaws.stage=prod -Dgoaws.image="$image"')
assert text.contains('mvn -B -ntp goaws:destroy -Dgoaws.stage="$STAGE" -Dgoaws.destroyData=true')
assert text.contains("java-version: '21'")
assert text.contains('\npermissions: {}\n')
['  pull-request:', '  preview-destroy:', '  deploy:'].each { assert text.contains("\n${it}\n") }
assert text.count('id-token: write') == 3 && text.count('contents: read') == 3
assert !text.contains('pull-requests:') && !text.contains('write-all')
true
