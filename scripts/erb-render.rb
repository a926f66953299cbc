# Renders ERB templates with Ruby's own ERB, as Puppet's template() does (trim mode '-'), for the ERB oracle
# (test/oracle/erb.test.ts, scripts/erb-oracle.ts). Reads one JSON request per line: {"source": "...", "vars": {...}}
# where a Hash whose keys are not all strings is {"__map__": [[key, value], ...]}. Writes one JSON answer per line:
# {"ok": true, "text": "..."} or {"ok": false, "message": "..."}. Variables become @instance variables (names
# Puppet would set) and what scope.lookupvar / scope['x'] answer.
require 'erb'
require 'json'

def decode(v)
  case v
  when Hash
    if v.key?('__map__')
      v['__map__'].each_with_object({}) { |(k, x), h| h[decode(k)] = decode(x) }
    else
      v.each_with_object({}) { |(k, x), h| h[k] = decode(x) }
    end
  when Array then v.map { |x| decode(x) }
  else v
  end
end

class ScopeStub
  def initialize(vars)
    @vars = vars
  end

  # `::x` is the top scope's x: the key `::x` when given apart, else `x` (as renderErb reads ErbScope.vars).
  def lookupvar(name)
    return @vars[name] if @vars.key?(name)

    @vars[name.sub(/\A::/, '')]
  end

  def [](name)
    lookupvar(name)
  end

  # Puppet's Scope#to_hash: the variables visible here, by their short names.
  def to_hash
    @vars.reject { |name, _| name.include?('::') }
  end
end

class TemplateWrapper
  def initialize(vars)
    stub = ScopeStub.new(vars)
    define_singleton_method(:scope) { stub }
    vars.each do |name, value|
      instance_variable_set("@#{name}", value) if name =~ /\A[a-z_][A-Za-z0-9_]*\z/
    end
  end

  def render(source)
    ERB.new(source, trim_mode: '-').result(binding)
  end
end

$stdout.sync = true
$stdin.each_line do |line|
  req = JSON.parse(line)
  answer =
    begin
      text = TemplateWrapper.new(decode(req['vars'])).render(req['source'])
      if text.encoding != Encoding::UTF_8 then text = text.dup.force_encoding(Encoding::UTF_8) end
      { 'ok' => true, 'text' => text }
    rescue Exception => e # rubocop:disable Lint/RescueException -- a template's SyntaxError is a ScriptError
      { 'ok' => false, 'message' => "#{e.class}: #{e.message}"[0, 500] }
    end
  puts JSON.generate(answer)
end
