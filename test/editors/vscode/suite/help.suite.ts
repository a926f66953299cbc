// Help that knows where it is, in a real VS Code (code-server): completion in an agent's data file offers the
// agent's keys first; the class snippet of a new manifest is named from the file's path; the Puppet snippets come
// out with the two-space indent Puppet's style asks for; the Hiera snippets stay out of a CI workflow's YAML; the
// `%{...}` of Hiera data are coloured apart from their string, the second of a string as the first; the topology
// redraws when a data file changes on disk; and the walkthrough points at files and commands that exist, each
// step ticked by doing it, not by clicking its title. Runs inside the extension host; see ../run.ts.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { drive, sleep, until, workbench, type Colored } from './drive.js';

const extensionId = 'mesos-puppet.mesos-puppet';

interface Api {
  readonly views: { topology: () => string; lookup: () => string };
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** The items as the suggest widget orders them for an empty filter: by sortText, else by label. */
async function completions(uri: vscode.Uri, at: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    uri,
    at,
  );
  const key = (i: vscode.CompletionItem) => i.sortText ?? labelOf(i);
  return [...list.items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Writes a file of the workspace on disk (as another program would) and opens it in the editor. */
async function openNew(
  relative: string,
  text: string,
): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const file = join(vscode.workspace.workspaceFolders![0].uri.fsPath, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc);
  return { doc, editor };
}

describe('help that knows where it is, in VS Code (code-server)', () => {
  let api: Api;

  before(async function () {
    this.timeout(90_000);
    const ext = vscode.extensions.getExtension<Api>(extensionId);
    assert.ok(ext, `extension ${extensionId} is not installed`);
    api = await ext.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it("offers an agent's data file the mesos::slave keys first and the master's last", async function () {
    this.timeout(60_000);
    const { doc } = await openNew('data/nodes/agent1.example.com.yaml', 'classes:\n  - role::mesos::slave\nmesos::\n');
    const at = new vscode.Position(2, 'mesos::'.length);
    const items = await until(
      () => completions(doc.uri, at),
      (l) => l.some((i) => labelOf(i) === 'mesos::slave::work_dir'),
    );
    const daemons = items
      .map(labelOf)
      .map((l) => /^mesos::(master|slave)::/.exec(l)?.[1])
      .filter((d): d is string => d !== undefined);
    // slave keys, then the others, then master keys: once a master key shows, no slave key follows.
    assert.equal(daemons[0], 'slave', `first daemon keys: ${daemons.slice(0, 5).join(', ')}`);
    assert.equal(daemons.indexOf('master') > daemons.lastIndexOf('slave'), true, daemons.join(','));
    // Accepting work_dir starts from the module's default, not '', which would silence the /tmp warning.
    const workDir = items.find((i) => labelOf(i) === 'mesos::slave::work_dir')!;
    const inserted = workDir.insertText instanceof vscode.SnippetString ? workDir.insertText.value : workDir.insertText;
    assert.match(inserted ?? '', /^mesos::slave::work_dir: '\$\{1:\/[^}]+\}'$/);
  });

  it("hovers an agent's key in shared data with the agents' values only", async function () {
    this.timeout(60_000);
    // A control repo of its own: a master, two agents (one with its own value), the key in common.yaml.
    const repo = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'role-repo');
    const files: Record<string, string> = {
      'hiera.yaml':
        'version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: nodes\n    path: "nodes/%{trusted.certname}.yaml"\n  - name: common\n    path: common.yaml\n',
      'data/nodes/m1.yaml': 'classes: [role::mesos::master]\n',
      'data/nodes/a1.yaml': 'classes: [role::mesos::slave]\n',
      'data/nodes/a2.yaml': 'classes: [role::mesos::slave]\nmesos::slave::work_dir: /srv/mesos\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), text);
    }
    const { doc } = await openNew('role-repo/data/common.yaml', 'mesos::slave::work_dir: /var/lib/mesos\n');
    const at = new vscode.Position(0, 3);
    const text = await until(
      async () =>
        ((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? [])
          .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
          .join('\n'),
      (t) => t.includes('Per agent'),
    );
    assert.match(text, /\*\*Per agent:\*\* `a1` `'\/var\/lib\/mesos'`, `a2` `'\/srv\/mesos'`/, text);
    assert.doesNotMatch(text, /`m1`/, text);
  });

  it('shows the /tmp work_dir warning of an agent on its agent role, in a file never opened', async function () {
    this.timeout(60_000);
    // book/ (mesos v0.5.2, whose agents default to /tmp/mesos) is never opened: its problems come from the
    // workspace diagnostics. The file is read from disk, not opened, to keep it so.
    const file = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'book', 'data', 'nodes', 'slave1.yaml');
    const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
    const found = await until(
      () => vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => code(d) === 'mesos/tmp-work-dir'),
      (ds) => ds.length > 0,
      45_000,
    );
    assert.equal(found.length, 1, JSON.stringify(vscode.languages.getDiagnostics(vscode.Uri.file(file))));
    const lines = readFileSync(file, 'utf8').split('\n');
    const r = found[0].range;
    assert.equal(r.start.line, r.end.line);
    // classes:
    //   - role::mesos::slave
    //     ^^^^^^^^^^^^^^^^^^ warning mesos/tmp-work-dir
    assert.equal(lines[r.start.line].slice(r.start.character, r.end.character), 'role::mesos::slave');
  });

  it('names the class snippet of a new role manifest from its path, indented with two spaces', async function () {
    this.timeout(60_000);
    // A control repo of its own (its Puppetfile marks it), so the autoloader's path starts at its site-modules.
    const repo = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'snippet-repo');
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(repo, 'Puppetfile'), "mod 'deric/mesos', '1.1.0'\n");
    const { doc } = await openNew('snippet-repo/site-modules/role/manifests/mesos/slave.pp', '');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await drive({ type: 'class' });
    await drive(
      { press: 'Control+Space' },
      { waitFor: '.editor-widget.suggest-widget .monaco-list-row.focused', text: 'class role::mesos::slave' },
      { press: 'Enter' },
    );
    const text = await until(
      () => doc.getText(),
      (t) => t.includes('include'),
    );
    assert.deepEqual(text.split('\n').slice(1, 3), ['class role::mesos::slave {', '  include profile::mesos::slave']);
  });

  it('inserts a Puppet snippet with two-space indents inside a class', async function () {
    this.timeout(30_000);
    const { doc, editor } = await openNew(
      'snippet-repo/site-modules/profile/manifests/agent_probe.pp',
      'class profile::agent_probe {\n  \n}\n',
    );
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    await vscode.commands.executeCommand('editor.action.insertSnippet', {
      langId: 'puppet',
      name: 'class mesos::slave',
    });
    const text = await until(
      () => doc.getText(),
      (t) => t.includes('isolation'),
    );
    assert.deepEqual(text.split('\n').slice(1, 7), [
      "  class { 'mesos::slave':",
      '    env_var   => {',
      "      'MESOS_LOG_DIR' => '/var/log/mesos',",
      '    },',
      "    isolation => 'cgroups/cpu,cgroups/mem',",
      '  }',
    ]);
  });

  it('completes a Puppetfile entry as a whole line at a release the other pins accept, pinned modules last', async function () {
    this.timeout(60_000);
    const { doc, editor } = await openNew('pf-repo/Puppetfile', "mod 'deric/mesos', '1.1.0'\n");
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    // Typed as a user types: the editor closes the quote itself.
    await drive({ type: "mod 'std" });
    await drive(
      { press: 'Control+Space' },
      { waitFor: '.editor-widget.suggest-widget .monaco-list-row.focused', text: 'stdlib' },
      { press: 'Enter' },
    );
    const line = await until(
      () => doc.lineAt(1).text,
      (t) => t.includes('puppetlabs'),
    );
    // mesos 1.1.0 needs stdlib below 9.0.0; the Forge form, as the file's other entry.
    assert.equal(line, "mod 'puppetlabs/stdlib', '8.6.0'");
    const empty = await openNew('pf-repo2/Puppetfile', "mod 'deric/mesos', '1.1.0'\nmod ''\n");
    const items = await until(
      () => completions(empty.doc.uri, new vscode.Position(1, 5)),
      (l) => l.length > 1,
    );
    const labels = items.map(labelOf);
    assert.notEqual(labels[0], 'mesos', labels.slice(0, 5).join(', '));
    assert.equal(labels[labels.length - 1], 'mesos', 'the pinned module comes last');
  });

  it('offers the Hiera snippets in a Hiera data file only, not in a CI workflow', async function () {
    this.timeout(60_000);
    const snippetLabels = (items: vscode.CompletionItem[]) =>
      items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf);
    const data = await openNew('data/nodes/snippet-probe.example.com.yaml', 'mesos\n');
    const inData = await until(
      () => completions(data.doc.uri, new vscode.Position(0, 5)),
      (l) => snippetLabels(l).length > 0,
    );
    assert.ok(snippetLabels(inData).includes('hiera-mesos-slave'), snippetLabels(inData).join(', '));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const ci = await openNew('.github/workflows/ci.yml', 'name: ci\nmesos\n');
    await sleep(1000); // the server has answered the data file above; give it the same chance here
    const inCi = await completions(ci.doc.uri, new vscode.Position(1, 5));
    assert.deepEqual(
      snippetLabels(inCi).filter((l) => /mesos|hiera/i.test(l)),
      [],
      'no Hiera snippet in a workflow file',
    );
  });

  it('colours both %{...} of one Hiera string apart from the string, delimiters included, light and dark', async function () {
    this.timeout(90_000);
    const line = "profile::path: '/etc/%{facts.os.family}/%{trusted.certname}'";
    await openNew('data/interpolation.yaml', `${line}\n`);
    // The editor draws a run of characters of one colour as one span: the colour of each character of the line.
    let drawn = '';
    const colours = async (): Promise<string[]> => {
      const spans = (
        await drive({ colors: '.editor-group-container.active .monaco-editor .view-line span span' })
      )[0] as Colored[];
      drawn = spans.map((x) => x.text.replace(/\u00a0/g, ' ')).join(''); // spaces are drawn as no-break spaces
      return drawn === line ? spans.flatMap((x) => [...x.text].map(() => x.color)) : [];
    };
    const workbenchConfig = vscode.workspace.getConfiguration('workbench');
    const before = workbenchConfig.inspect<string>('colorTheme')?.globalValue;
    const stringAt = line.indexOf('/etc/');
    const first = line.indexOf('%{');
    const second = line.indexOf('%{', first + 1);
    let previous = '';
    try {
      for (const theme of ['Default Light Modern', 'Default Dark Modern']) {
        await workbenchConfig.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        const shown = await until(colours, (c) => c.length > 0 && c[stringAt] !== previous, 15_000);
        assert.equal(shown.length, line.length, `${theme}: the line is drawn: ${JSON.stringify(drawn)}`);
        const stringColour = (previous = shown[stringAt]);
        for (const [i, what] of [
          [first, 'the first %{'],
          [second, 'the second %{'],
          [line.indexOf('}'), 'the first }'],
          [line.lastIndexOf('}'), 'the second }'],
          [line.indexOf('trusted'), 'trusted'],
        ] as const)
          assert.notEqual(shown[i], stringColour, `${theme}: ${what} (column ${i}) has the string's ${stringColour}`);
        assert.equal(shown[second], shown[first], `${theme}: the second %{ is coloured as the first`);
      }
    } finally {
      await workbenchConfig.update('colorTheme', before, vscode.ConfigurationTarget.Global);
    }
  });

  it('redraws the topology when a data file changes on disk', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('mesosPuppet.showTopology');
    assert.doesNotMatch(api.views.topology(), /disk-agent\.example\.com/);
    // Another program (a git checkout) writes a new agent's data file: nothing is saved in the editor.
    const file = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'data', 'nodes', 'disk-agent.example.com.yaml');
    writeFileSync(file, 'classes:\n  - role::mesos::slave\n');
    const html = await until(
      () => api.views.topology(),
      (h) => h.includes('disk-agent.example.com'),
    );
    assert.match(html, /disk-agent\.example\.com/);
  });

  it("redraws a node's lookup preview when its data file changes on disk", async function () {
    this.timeout(60_000);
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const file = join(folder.fsPath, 'data', 'nodes', 'lookup-probe.example.com.yaml');
    writeFileSync(file, 'mesos::slave::work_dir: /srv/one\n');
    await vscode.commands.executeCommand('mesosPuppet.lookupPreview', {
      node: 'lookup-probe.example.com',
      uri: folder.toString(),
    });
    assert.match(api.views.lookup(), /\/srv\/one/);
    writeFileSync(file, 'mesos::slave::work_dir: /srv/two\n');
    const html = await until(
      () => api.views.lookup(),
      (h) => h.includes('/srv/two'),
    );
    assert.match(html, /\/srv\/two/);
    assert.doesNotMatch(html, /\/srv\/one/);
  });

  it('explains a setting of the wrong kind in words, in a notification', async function () {
    this.timeout(60_000);
    const config = vscode.workspace.getConfiguration('mesosPuppet');
    try {
      await config.update('includeVendored', 'yes', vscode.ConfigurationTarget.Workspace);
      const [shown] = await drive(
        { waitFor: workbench.notification, text: 'mesosPuppet.includeVendored' },
        { texts: workbench.notification },
      );
      const message = (shown as string[]).find((t) => t.includes('mesosPuppet.includeVendored'));
      assert.equal(
        message,
        'Setting mesosPuppet.includeVendored is invalid: it must be true or false. Using the default false.',
      );
    } finally {
      await config.update('includeVendored', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('walks through steps whose pictures and commands exist, each ticked by doing it', async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension(extensionId)!;
    const manifest = JSON.parse(readFileSync(join(ext.extensionUri.fsPath, 'package.json'), 'utf8')) as {
      contributes: {
        walkthroughs: Array<{
          steps: Array<{
            id: string;
            description: string;
            media: { markdown?: string; image?: string };
            completionEvents?: string[];
          }>;
        }>;
      };
    };
    const commands = await vscode.commands.getCommands(true);
    for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
      const media = step.media.markdown ?? step.media.image ?? '';
      assert.ok(existsSync(join(ext.extensionUri.fsPath, media)), `${step.id}: ${media} is not in the extension`);
      for (const [, id] of step.description.matchAll(/\(command:([\w.]+)\)/g))
        assert.ok(commands.includes(id), `${step.id}: its link runs ${id}, which no extension registers`);
      // Without completion events VS Code ticks a step as soon as its title is clicked.
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id} is ticked by a click on its title`);
      const text = readFileSync(join(ext.extensionUri.fsPath, media), 'utf8');
      // `mesos-puppet` is no command an extension user has: a page that names it says how to install it.
      if (/^mesos-puppet /m.test(text)) assert.match(text, /npm install -g|previous step/, `${media}`);
    }
    // The install step's command opens a terminal in a control repo (a folder with a Puppetfile) running r10k.
    const opened = new Promise<vscode.Terminal>((resolve) => vscode.window.onDidOpenTerminal(resolve));
    const run = vscode.commands.executeCommand<vscode.Terminal | undefined>('mesosPuppet.installModules');
    // Several repos in this workspace: the user is asked which; Enter takes the first.
    await drive({ waitFor: workbench.quickInputTitle, text: 'which control repo' }, { press: 'Enter' });
    const terminal = await opened;
    assert.equal((await run)?.name, 'r10k');
    const cwd = (terminal.creationOptions as vscode.TerminalOptions).cwd;
    const folder = typeof cwd === 'string' ? cwd : cwd?.fsPath;
    assert.ok(folder && existsSync(join(folder, 'Puppetfile')), `r10k runs in ${folder}`);
    terminal.dispose();
  });
});
