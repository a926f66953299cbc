// Puppet's own data types (`String`, `Integer`, `Enum`, `Optional`, `Struct`, ...): which exist, and the
// definition of those Puppet defines as aliases (`Data`), come from the installed Puppet 7 through its API
// (scripts/puppet-builtins.rb → sources/puppet-builtins.json, checked by test/oracle/puppet-builtins.test.ts);
// how each is written with its parameters and what it means are ours. Hover and completion of type names in
// manifests read them.

import facts from './sources/puppet-builtins.json';

export interface BuiltinDataType {
  /** As Puppet spells it (`SemVerRange`, `URI`). */
  readonly name: string;
  /** How the type is written with its parameters, where it takes any (`String[min_length, max_length]`). */
  readonly form?: string;
  readonly description?: string;
  /** For a type Puppet defines as an alias of others (`Data`), its definition. */
  readonly alias?: string;
}

const RECORDED = (facts as { readonly dataTypes: Readonly<Record<string, { readonly alias?: string }>> }).dataTypes;

/** Our words: each type's written form with parameters (where it takes any) and what it matches. */
const OURS: Readonly<Record<string, { readonly form?: string; readonly description: string }>> = {
  Any: { description: 'Every value, undef included: the type of an untyped parameter.' },
  Array: {
    form: 'Array[element_type, min_size, max_size]',
    description: 'An array whose elements all match the element type (Any when omitted), with an optional size range.',
  },
  Binary: { description: 'A sequence of bytes, such as a file read with `binary_file()`.' },
  Boolean: { description: '`true` or `false`; the strings `"true"` and `"false"` do not match.' },
  Callable: {
    form: 'Callable[[param_types...], return_type]',
    description: 'A function or lambda that accepts the argument types given.',
  },
  CatalogEntry: { description: 'A resource or a class, as they sit in the catalog.' },
  Class: { form: "Class['name']", description: "A class, or with a name, that one class (`Class['ntp']`)." },
  Collection: {
    form: 'Collection[min_size, max_size]',
    description: 'An Array or a Hash, with an optional size range.',
  },
  Data: {
    description:
      'Any value that can be written as JSON or YAML: strings, numbers, booleans, undef, and arrays and hashes (with String keys) of those.',
  },
  Default: { description: 'Only the literal `default`.' },
  Deferred: {
    form: "Deferred('function', [arguments])",
    description: 'A function call postponed to the agent: it runs on the node when the catalog is applied.',
  },
  Enum: {
    form: "Enum['value', ..., case_insensitive]",
    description:
      "One of the strings listed, exactly (ignoring case when the last parameter is true): `Enum['present', 'absent']`.",
  },
  Error: { description: 'An error value with a message, a kind and an issue code.' },
  Float: { form: 'Float[min, max]', description: 'A number with a fraction part, in the range when one is given.' },
  Hash: {
    form: 'Hash[key_type, value_type, min_size, max_size]',
    description: 'A hash whose keys and values match the types given, with an optional size range.',
  },
  Init: {
    form: 'Init[type, arguments...]',
    description: 'A value that can be turned into the type with `new` (and those arguments).',
  },
  Integer: {
    form: 'Integer[min, max]',
    description:
      'A whole number, in the range when one is given (`Integer[1]` is positive; `default` leaves an end open).',
  },
  Iterable: {
    form: 'Iterable[element_type]',
    description: 'A value `each` can walk: an array, a hash, a string, a positive integer, an iterator.',
  },
  Iterator: { form: 'Iterator[element_type]', description: 'A lazy sequence, as `reverse_each` or `step` return.' },
  NotUndef: { form: 'NotUndef[type]', description: 'Any value of the type except undef.' },
  Numeric: { description: 'An Integer or a Float.' },
  Object: { form: 'Object[{name => ..., attributes => {...}}]', description: 'A user-defined object type.' },
  Optional: {
    form: 'Optional[type]',
    description: 'The type or undef: a parameter of this type may be left out.',
  },
  Pattern: {
    form: 'Pattern[/regexp/, ...]',
    description: 'A string that matches one of the regular expressions (unanchored unless they say `\\A`/`\\z`).',
  },
  Regexp: { form: 'Regexp[/regexp/]', description: 'A regular expression value, or with a parameter, that one.' },
  Resource: {
    form: "Resource['type', 'title']",
    description: "A resource reference: any, of a type (`Resource['package']`), or one resource.",
  },
  RichData: { description: 'Data plus values that only Puppet can carry: types, binaries, sensitive values, objects.' },
  RichDataKey: { description: 'A key of RichData hashes: a String or a Numeric.' },
  Runtime: {
    form: "Runtime['ruby', 'ClassName']",
    description: "A value of the implementation language (Ruby) that Puppet's types do not describe.",
  },
  Scalar: {
    description: 'One value, not a collection: a String, Numeric, Boolean, Regexp, Timespan, Timestamp or SemVer.',
  },
  ScalarData: { description: 'A String, Integer, Float or Boolean: the scalars JSON and YAML can carry.' },
  SemVer: {
    form: "SemVer['range', ...]",
    description: "A semantic version (`SemVer.new('1.2.3')`), in the ranges when given.",
  },
  SemVerRange: { description: 'A range of semantic versions (`>=1.2 <2`).' },
  Sensitive: {
    form: 'Sensitive[type]',
    description: 'A value kept out of logs and reports (passwords); `unwrap` gives the value back.',
  },
  String: {
    form: 'String[min_length, max_length]',
    description: 'Text, of a length in the range when one is given (`String[1]` is not empty).',
  },
  Struct: {
    form: 'Struct[{key => type, Optional[key] => type}]',
    description: 'A hash with exactly these keys (an Optional key may be missing), each value of its type.',
  },
  Timespan: { form: 'Timespan[min, max]', description: 'A duration, in the range when one is given.' },
  Timestamp: { form: 'Timestamp[min, max]', description: 'A point in time, in the range when one is given.' },
  Tuple: {
    form: 'Tuple[type, ..., min_size, max_size]',
    description: 'An array whose elements match the types in order (the last repeats to reach the size range).',
  },
  Type: {
    form: 'Type[type]',
    description: 'A type itself as a value, or with a parameter, that type and its subtypes.',
  },
  URI: {
    form: "URI['uri' or {part => value}]",
    description: 'A URI value, or those with the scheme, host, ... given.',
  },
  Undef: { description: 'Only undef (a missing value).' },
  Variant: { form: 'Variant[type, ...]', description: 'A value of any of the types listed.' },
};

/** The names of Puppet's data types, as Puppet spells them, sorted. */
export function builtinDataTypeNames(): string[] {
  return Object.keys(RECORDED).sort();
}

/** Puppet's data type of this name (Puppet finds type names whatever their case), or undefined. */
export function builtinDataType(name: string): BuiltinDataType | undefined {
  const spelt = Object.keys(RECORDED).find((n) => n.toLowerCase() === name.toLowerCase());
  if (spelt === undefined) return undefined;
  const ours = Object.hasOwn(OURS, spelt) ? OURS[spelt] : undefined;
  return {
    name: spelt,
    ...(ours?.form !== undefined && { form: ours.form }),
    ...(ours && { description: ours.description }),
    ...(RECORDED[spelt].alias !== undefined && { alias: RECORDED[spelt].alias }),
  };
}
