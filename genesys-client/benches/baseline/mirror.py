# Regenerates the codec baseline from the generated models (structs only, open enums -> String):
#   python3 genesys-client/benches/baseline/mirror.py UserPresence User BatchConversationEventRequest
# prints the struct definitions; paste them below the header of mod.rs and rustfmt.
import re, os, sys
D=os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../src/generated/models')
structs={}; enums=set()
for f in sorted(os.listdir(D)):
    if f=='mod.rs': continue
    t=open(os.path.join(D,f)).read()
    for m in re.finditer(r'^pub enum (\w+)', t, re.M): enums.add(m.group(1))
    for m in re.finditer(r'^pub struct (\w+) \{\n(.*?)^\}', t, re.M|re.S):
        body=[l for l in m.group(2).split('\n') if not l.strip().startswith('///') and not l.strip().startswith('#[deprecated')]
        structs[m.group(1)]='\n'.join(body)
roots=sys.argv[1:]
seen=[];todo=list(roots)
while todo:
    n=todo.pop(0)
    if n in seen or n not in structs: continue
    seen.append(n)
    for r in re.findall(r'crate::models::(\w+)', structs[n]): todo.append(r)
out=[]
used_enums=set()
for n in sorted(seen):
    body=structs[n]
    def rep(m):
        x=m.group(1)
        if x in enums: used_enums.add(x); return 'String'
        assert x in structs, x
        return x
    body=re.sub(r'crate::models::(\w+)', rep, body)
    body=body.replace('::chrono::','chrono::').replace('::std::collections::','std::collections::')
    out.append('#[derive(Debug, Serialize, Deserialize)]\npub struct %s {\n%s}\n'%(n,body))
print('// structs:',len(seen),'enums as String:',sorted(used_enums), file=sys.stderr)
print('\n'.join(out))
