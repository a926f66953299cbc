# Evaluates Puppet expressions with real Puppet for the number oracle test (test/oracle/number-strings.test.ts):
# each stdin line is a JSON object {"code", "expr"}: statements to run first, and an expression that gives a
# String; each answer is one JSON line, {"value": the String} or {"error": Puppet's message}. The expression is
# compiled as a file's content, in one process for all lines (Puppet loads once), with no facts and an empty,
# temporary code directory.
require 'puppet'
require 'json'
require 'tmpdir'

dir = Dir.mktmpdir
Puppet.initialize_settings(['--codedir', dir, '--vardir', dir, '--confdir', dir, '--color=false', '--log_level', 'err'])
STDOUT.sync = true

STDIN.each_line do |line|
  req = JSON.parse(line)
  Puppet[:code] = "#{req['code']}\nfile { '/oracle': content => #{req['expr']} }"
  node = Puppet::Node.new('oracle', facts: Puppet::Node::Facts.new('oracle', {}))
  begin
    catalog = Puppet::Parser::Compiler.compile(node)
    puts JSON.generate({ 'value' => catalog.resource('File', '/oracle')[:content] })
  rescue StandardError => e
    message = e.message.lines.first.strip
                 .sub(/\A(Evaluation Error: (Error while evaluating a Function Call, )?|Could not parse for environment \w+: )/, '')
    puts JSON.generate({ 'error' => message.sub(/ \(line: \d+, column: \d+\).*\z/, '') })
  end
end
FileUtils.remove_entry(dir)
