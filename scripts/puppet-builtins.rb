# Records the facts of Puppet's own resource types and functions that the editor shows (names, attribute kinds,
# allowed values, namevars, required provider features, function signatures), by asking the installed Puppet
# through its API, so the facts are Puppet's and not our reading of its source. Descriptions are not taken: ours
# live in server/src/knowledge/puppetBuiltins.ts.
# Since Puppet 6 some types every manifest may use (`cron`, `host`, `mount`, ...) live in Puppet's own core
# modules, which the puppet-agent packages bundle (Debian installs them on the default modulepath): those found
# here are recorded too, each type with the module that defines it.
#   ruby scripts/puppet-builtins.rb > server/src/knowledge/sources/puppet-builtins.json   (npm run builtins)
# test/oracle/puppet-builtins.test.ts runs it again and compares with the committed file.
require 'puppet'
require 'json'
require 'tmpdir'

dir = Dir.mktmpdir('puppet-builtins')
Puppet.initialize_settings(['--confdir', "#{dir}/conf", '--vardir', "#{dir}/var", '--codedir', "#{dir}/code"])
Puppet::Type.loadall
# The folder of Puppet's own Ruby (lib/puppet), wherever this Puppet is installed.
PUPPET_LIB = File.dirname($LOADED_FEATURES.find { |f| f.end_with?('/puppet/type.rb') })

# The modules puppet-agent 7 bundles beside Puppet (its vendor_modules), by folder name.
CORE_MODULES = %w[augeas_core cron_core host_core mount_core scheduled_task selinux_core sshkeys_core yumrepo_core
                  zfs_core zone_core].freeze

# Each named value of an attribute, then its aliases (`installed` for `present`): all are accepted in a manifest.
def named_values(klass)
  return [] unless klass.respond_to?(:value_collection)
  klass.value_collection.instance_variable_get(:@strings).flat_map { |v| [v.name, *v.aliases] }.map(&:to_s)
end

def record_type(t)
  t.allattrs.filter_map do |a|
    kind = t.attrtype(a)
    next if kind == :meta
    klass = t.attrclass(a)
    values = named_values(klass)
    features = Array(klass.respond_to?(:required_features) ? klass.required_features : nil).compact.map(&:to_s)
    { 'name' => a.to_s, 'kind' => kind.to_s }.tap do |h|
      h['values'] = values unless values.empty?
      h['namevar'] = true if t.key_attributes.include?(a)
      h['requiredFeatures'] = features unless features.empty?
    end
  end.sort_by { |h| h['name'] }
end

types = {}
Puppet::Type.eachtype do |t|
  name = t.name.to_s
  next if %w[component whit].include?(name) # internal to the catalog, never written in a manifest
  types[name] = { 'attributes' => record_type(t) }
end

modules = {}
dirs = [Puppet[:vendormoduledir], *Puppet[:basemodulepath].split(File::PATH_SEPARATOR)]
CORE_MODULES.each do |folder|
  dir = dirs.map { |d| File.join(d, folder) }.find { |d| File.file?(File.join(d, 'metadata.json')) }
  next unless dir
  metadata = JSON.parse(File.read(File.join(dir, 'metadata.json')))
  modules[metadata['name']] = metadata['version']
  $LOAD_PATH.unshift(File.join(dir, 'lib'))
  Dir.glob(File.join(dir, 'lib', 'puppet', 'type', '*.rb')).sort.each do |file|
    t = Puppet::Type.type(File.basename(file, '.rb').to_sym)
    types[t.name.to_s] = { 'attributes' => record_type(t), 'module' => metadata['name'] }
  end
end

functions = {}
env = Puppet::Node::Environment.create(:builtins, [])
Puppet.override(current_environment: env, loaders: Puppet::Pops::Loaders.new(env)) do
  loader = Puppet.lookup(:loaders).puppet_system_loader
  Dir.glob(File.join(PUPPET_LIB, 'functions', '*.rb')).sort.each do |file|
    name = File.basename(file, '.rb')
    f = begin
      loader.load(:function, name)
    rescue Exception # a function whose Ruby needs a gem this Ruby lacks (scanf): known by name only
      nil
    end
    functions[name] = (f ? f.class.signatures : []).map do |s|
      t = s.type
      { 'params' => s.parameter_names.map(&:to_s), 'types' => t.param_types.types.map(&:to_s) }.tap do |h|
        h['block'] = t.block_type.to_s if t.block_type
      end
    end
  end
end
# The data types a manifest can name without a module: those Puppet's type parser knows, then the types its own
# loader defines (the `Data` and `RichData` aliases, `Error`, `Deferred`), each with an alias's definition.
# Left out: the types for Puppet's own machinery, never written in a manifest.
INTERNAL_TYPES = %w[TypeAlias TypeReference TypeSet Annotation RubyMethod].freeze # and the Pcore type set
data_types = {}
Puppet.override(current_environment: env, loaders: Puppet::Pops::Loaders.new(env)) do
  parser = Puppet::Pops::Types::TypeParser.singleton
  loader = Puppet.lookup(:loaders).puppet_system_loader
  resource_types = types.keys + %w[component whit node]
  names = parser.class.type_map.values.map(&:simple_name)
  defined = loader.discover(:type).map(&:name).reject do |n|
    n.include?('::') || resource_types.include?(n) || parser.class.type_map.key?(n) || n == 'pcore'
  end
  names += defined.map { |n| parser.parse(n.capitalize, loader).name }
  names.uniq.reject { |n| INTERNAL_TYPES.include?(n) }.sort.each do |name|
    t = parser.parse(name, loader)
    data_types[name] = t.is_a?(Puppet::Pops::Types::PTypeAliasType) ? { 'alias' => t.resolved_type.to_s } : {}
  end
end

# The older (3.x API) functions Puppet still ships: known by name, their signatures are not declared.
legacy = Dir.glob(File.join(PUPPET_LIB, 'parser', 'functions', '*.rb')).map { |f| File.basename(f, '.rb') }
legacy.each { |name| functions[name] ||= [] }

puts JSON.pretty_generate({
  'puppet' => Puppet.version,
  'metaparameters' => Puppet::Type.metaparams.map(&:to_s).sort,
  'metaparameterValues' => Puppet::Type.metaparams.sort.filter_map { |m|
    values = named_values(Puppet::Type.metaparamclass(m))
    [m.to_s, values] unless values.empty?
  }.to_h,
  'modules' => modules.sort.to_h,
  'types' => types.sort.to_h,
  'functions' => functions.sort.to_h,
  'dataTypes' => data_types,
})
