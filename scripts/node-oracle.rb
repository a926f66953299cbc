# Compiles node catalogs with real Puppet for scripts/node-oracle.ts, as `puppet catalog compile NODE` does
# with YAML facts, but many nodes in one process (Puppet loads once). Usage:
#   ruby scripts/node-oracle.rb CODEDIR VARDIR CONFDIR < requests
# Each request is one JSON line {"env", "node", "facts"}; each answer is one JSON line {"node", "env", "ok",
# "error", "resources": [{"type", "title", "parameters"}]} with the File, Package and Service resources only.
require 'puppet'
require 'json'

codedir, vardir, confdir = ARGV
Puppet.initialize_settings(['--codedir', codedir, '--vardir', vardir, '--confdir', confdir, '--color=false',
                            '--environmentpath', File.join(codedir, 'environments'), '--log_level', 'err'])
Puppet::Util::Log.newdestination(:console) unless Puppet::Util::Log.destinations.any?
STDOUT.sync = true

KEEP = %w[File Package Service].freeze

def plain(v)
  case v
  when Hash then v.each_with_object({}) { |(k, x), h| h[k.to_s] = plain(x) }
  when Array then v.map { |x| plain(x) }
  when Symbol then v.to_s
  when Puppet::Resource then v.to_s
  when String, Integer, Float, TrueClass, FalseClass, NilClass then v
  else v.to_s
  end
end

STDIN.each_line do |line|
  req = JSON.parse(line)
  name = req['node']
  begin
    env = Puppet.lookup(:environments).get!(req['env'])
    facts = Puppet::Node::Facts.new(name, req['facts'])
    node = Puppet::Node.new(name, environment: env, facts: facts)
    node.merge(facts.values)
    host, domain = name.split('.', 2)
    node.trusted_data = { 'authenticated' => 'local', 'certname' => name, 'extensions' => {},
                          'hostname' => host, 'domain' => domain || '' }
    catalog = Puppet.override(current_environment: env) { Puppet::Parser::Compiler.compile(node) }
    resources = catalog.resources.select { |r| KEEP.include?(r.type) }.map do |r|
      { 'type' => r.type, 'title' => r.title, 'parameters' => r.to_hash.each_with_object({}) { |(k, v), h| h[k.to_s] = plain(v) } }
    end
    puts JSON.generate({ 'node' => name, 'env' => req['env'], 'ok' => true, 'resources' => resources })
  rescue StandardError, SyntaxError => e
    puts JSON.generate({ 'node' => name, 'env' => req['env'], 'ok' => false, 'error' => e.message.lines.first(3).join.strip })
  end
end
