def log = new File(basedir, 'build.log').text
assert log.contains('Invalid goaws configuration <secretValue> (-Dgoaws.secretValue): is refused: a value on the'
        + ' command line stays in the shell\'s history and is visible in the process list.')
assert log.contains('-Dgoaws.secretName=<NAME> at a terminal and type the value (not echoed)')
assert log.contains('-Dgoaws.secretValueFrom=<VARIABLE>')
assert !log.contains('hunter2-on-the-command-line') : 'the value must never be repeated'
assert !log.contains('Cannot reach') : 'refused before any AWS call'
true
