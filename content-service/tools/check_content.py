#!/usr/bin/env python3
"""Fidelity and consistency check for content-service content data (stdlib only).

Usage:  python3 content-service/tools/check_content.py [--content DIR] [--seed-dir DIR]

Checks
  1. Every JSON file under content/ parses, is UTF-8 and uses canonical 2-space formatting.
  2. Guides: schema of every block, ruleRefs resolve, and all locales of a guide line up with
     the source locale (same anchors, ids, numbers, block count/types, list/table shapes, ruleRefs).
  3. Aftercare rules: each rule is referenced exactly once by section 7 of every locale, and
     section 7 paragraphs carry no inline text (single source).
  4. Seed fidelity: the seed page (scraper noise removed, glued table split) is rebuilt as an
     ordered sequence of units and compared 1:1 with the resolved English guide; then every
     sentence of the article text is looked up in the resolved guide. Only whitespace is normalised.
  5. Aftercare plans: the four shared treatment codes, step keys/offsets, rule ids, locales,
     required section-7 rules, guide references and quotes.
  6. zh-HK: every text contains Chinese, no common Simplified-only characters, no half-width
     punctuation between Chinese characters.
Exit status 0 when everything passes, 1 otherwise.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CONTENT = os.path.join(HERE, '..', 'src', 'main', 'resources', 'content')
DEFAULT_SEED_DIR = os.path.join(HERE, '..', 'src', 'test', 'resources', 'seed')

SOURCE_LOCALE = 'en'
LOCALES = ['en', 'zh-HK']
BLOCK_TYPES = {'paragraph', 'list', 'table', 'callout', 'registrationCta', 'treatmentLink'}
CALLOUT_VARIANTS = {'info', 'warning', 'tip'}
REVIEW_STATUSES = {'source', 'machine-translated', 'reviewed'}
TREATMENT_CODES = ['acne-treatment-trial', 'vacuum-microdermabrasion-facial',
                   'milia-deroofing-extraction', 'milia-laser-ablation']
PLAN_STEPS = [('immediate', 'PT0S'), ('48h', 'PT48H'), ('3d', 'P3D'), ('7d', 'P7D'), ('10d', 'P10D')]
AFTERCARE_SECTION = 7
# Section-7 rules every plan must carry (brief: touch/moisturizer/sun/exfoliants/swim/pain/heal time/normal signs).
REQUIRED_PLAN_RULES = ['no-touch-48h', 'fragrance-free-moisturizer', 'sun-protection-1w',
                       'no-exfoliants-retinoids-1w', 'no-swim-exercise', 'paracetamol-for-pain',
                       'heal-time', 'normal-healing-signs', 'scabs-heal-naturally']
CONSENT_DOCUMENTS = {'registration-terms', 'privacy-policy'}

# ---- scraper noise of the seed page ------------------------------------------------------
NOISE_SINGLE_LINES = {'sticky_image'}
LOGO_LINE = 'Perfect Medical logo'
SOCIAL_LINE = 'facebookigyoutubewhatsapp'
SOCIAL_TOKENS = {'facebook': 'facebook', 'ig': 'instagram', 'youtube': 'youtube', 'whatsapp': 'whatsapp'}
TREATMENT_LINK_LINE = "Perfect Medical's Acne Treatment"
WIDGET_LINES = ['免費體驗', 'Acne Treatment', '1 Minute Self-Registration',
                'Date should not be before minimal date',
                'I have read and agree to the Registration Terms and Conditions and Privacy Policy.']
WIDGET_FIELDS = ['badge', 'title', 'subtitle', 'dateRuleMessage', 'consentText']
GLUED_TABLE_HEADER = 'Treatment TypeRecommended UsageBest For'
MONTHS = {m: i + 1 for i, m in enumerate(['January', 'February', 'March', 'April', 'May', 'June', 'July',
                                          'August', 'September', 'October', 'November', 'December'])}

# Common characters that only exist in Simplified Chinese (heuristic, not exhaustive).
SIMPLIFIED_ONLY = set(
    '这们个来说对时会为发现过还进点应经处与产护肤疗颜脸药剂术医见长门问间简单极议实验际转变让认识记该请谁读写话语'
    '买卖东车马鸟鱼龙风飞报电难顾预须页题类级红约纤线组织终结给统继续维网罗缩总练贵费资迟逻释钱铁银锁错镜闭闲阴阳'
    '陆随隐雾静韩顺领频额饮馆驱鲜鸡麦黄齐齿龄湿质积层险净钟营养选择软皱复尔么吗边从众两严丽乐习书乱亲仅仪价'
    '伤优体余侧俭债倾储儿党关兴养冲减凉准几划则刚创删别刹剧劝办务动励劳势勋区医华协单卫却厅历压厌县参双发变叠'
    '吓启员响哑喷团园围图圆圣场坏块坚坛垄墙壮声处备够头夹夺奋妇妈娱孙学宁宝实宠审宪宫宽宾对寻导将尽层届属岁岛'
    '岭币帅师帐带帮库应废开异弃张弥弯强归录彻征径忆态怀恋恳恶恼悬惊惧惨惯愤戏战户扑执扩扫扬扰抚抢护报担拟拥拦'
    '择挂挡挣挤挥损捡换据掷携摄摆摇摊数斗断无旧时显晒晓暂术机杀杂权条来杨极构枪柜标树样档桥梦检楼横欢欧歼毁气'
    '汇汉污汤沟没沪泪泼泽洁浅浆浊测浏济浓涂润涨渐渔渗温湾湿满滤滥滨灭灯灵灾灿炉点炼烂烟烦烧热爱牵犹狭独狮猎献'
    '现环玛确碍础硕离种积称窃窍竞笔笼筑签简粮紧纪纠纯纲纳纵纷纸纹纺练细织终绍经绑绒结绕绘给络绝统绣继绩绪续维'
    '综绿缓编缘缩缴网罚罢羡习翘耸聋职联肃肠肤肿胁胆胜胶脉脏脑舆舍舰艰艺节芦苏范荐荡药莱获莲莹营萝虑虚虫虽虾蚀'
    '蚂蛮补装观规觉览触誉计订认讨让训议讯记讲讳许论设访证评识诈诉诊词译试诗诚话诞询该详语误说请诸诺读课谁调谅'
    '谈谊谋谐谓谢谣谨谱贝负贡财责贤败货质贩贪贫购贯贴贵贷贸费贺贼资赋赌赏赔赖赚赛赞赠赵趋跃践踪躯车轨轩转轮软'
    '轰轻载较辅辆辈辉输辞辩边达迁过迈运还这进远违连迟选逊递逻遗邮邻郑释钓钙钟钢钥钦铃铅铜铭银铺链销锁锅锋错锦'
    '键锻镇镜长门闪闭问闯闷闹闻阀阁阅队阳阴阵际陆陈陕险随隐隶难雾韦韧页顶项顺须顽顾顿颁颂预领频颗题颜额风飘飞'
    '饥饭饮饰饱饲饼馆首驱驳驶驻驾验骂骑骗骤骨鲁鲜鸟鸡鸣鸭鸿鹅鹤麦黄齐齿龄龙'
)
SIMPLIFIED_ONLY |= set('后于并专业针状阶适鉴')
# characters that are also legitimate Traditional characters (e.g. 批准, 划船, 宿舍, 污染) are not flagged
SIMPLIFIED_ONLY -= set('首骨准划舍污刹')
CJK = re.compile(r'[\u3400-\u9fff]')
HALFWIDTH_PUNCT_IN_CJK = re.compile(r'[\u3400-\u9fff][,;:!?]|[,;:!?][\u3400-\u9fff]|[\u3400-\u9fff]\.(?!\d)')
ISO_DURATION = re.compile(r'^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$')
KEBAB = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')


class Report:
    def __init__(self):
        self.errors = []
        self.notes = []

    def err(self, msg):
        self.errors.append(msg)

    def ok(self, msg):
        self.notes.append(msg)


def norm(text):
    """Whitespace-only normalisation: collapse runs, trim, drop whitespace before closing punctuation."""
    text = re.sub(r'\s+', ' ', text).strip()
    return re.sub(r'\s+(?=[.,;:!?)])', '', text)


def sentences(text):
    return [s for s in re.split(r'(?<=[.!?])\s+(?=[A-Z0-9(])', norm(text)) if s]


def load_json(path, rep):
    rel = os.path.relpath(path)
    try:
        with open(path, 'rb') as fh:
            raw = fh.read()
        text = raw.decode('utf-8')
    except (OSError, UnicodeDecodeError) as exc:
        rep.err(f'{rel}: cannot read as UTF-8: {exc}')
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        rep.err(f'{rel}: invalid JSON: {exc}')
        return None
    canonical = json.dumps(data, ensure_ascii=False, indent=2) + '\n'
    if text != canonical:
        rep.err(f'{rel}: not in canonical form (UTF-8, 2-space indent, no \\u escapes, trailing newline)')
    return data


# ---- guides ------------------------------------------------------------------------------

def iter_containers(guide):
    """Yield (path, container) for intro, each section and each subsection, in reading order."""
    yield 'intro', {'blocks': guide.get('intro', [])}
    for s in guide.get('sections', []):
        yield f"section {s.get('number')}", s
        for sub in s.get('subsections', []):
            yield f"section {s.get('number')}/{sub.get('anchor')}", sub


def check_block(where, b, rules, rep):
    t = b.get('type')
    if t not in BLOCK_TYPES:
        rep.err(f'{where}: unknown block type {t!r}')
        return
    def need_str(*keys):
        for k in keys:
            if not isinstance(b.get(k), str) or not b[k].strip():
                rep.err(f'{where}: {t}.{k} must be a non-empty string')
    if t == 'paragraph':
        has_text, has_refs = 'text' in b, 'ruleRefs' in b
        if has_text == has_refs:
            rep.err(f'{where}: paragraph needs exactly one of text / ruleRefs')
        if has_text:
            need_str('text')
        if has_refs:
            refs = b['ruleRefs']
            if not isinstance(refs, list) or not refs:
                rep.err(f'{where}: ruleRefs must be a non-empty list')
            else:
                for r in refs:
                    if r not in rules:
                        rep.err(f'{where}: unknown rule id {r!r}')
    elif t == 'list':
        if not isinstance(b.get('ordered'), bool):
            rep.err(f'{where}: list.ordered must be boolean')
        items = b.get('items')
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
            rep.err(f'{where}: list.items must be non-empty strings')
        elif any(re.match(r'^\d+\.\s', i) for i in items):
            rep.err(f'{where}: list items must not carry their own numbering')
    elif t == 'table':
        header, rows = b.get('header'), b.get('rows')
        if not isinstance(header, list) or not header:
            rep.err(f'{where}: table.header must be a non-empty list')
        elif not isinstance(rows, list) or not rows or any(not isinstance(r, list) or len(r) != len(header) for r in rows):
            rep.err(f'{where}: every table row must have {len(header)} cells')
        if 'caption' in b:
            need_str('caption')
    elif t == 'callout':
        if b.get('variant') not in CALLOUT_VARIANTS:
            rep.err(f'{where}: callout.variant must be one of {sorted(CALLOUT_VARIANTS)}')
        need_str('text')
    elif t == 'registrationCta':
        need_str('treatmentCode', 'badge', 'title', 'subtitle', 'dateRuleMessage', 'consentText')
        if b.get('treatmentCode') not in TREATMENT_CODES:
            rep.err(f'{where}: unknown treatmentCode {b.get("treatmentCode")!r}')
        links = b.get('consentLinks')
        if not isinstance(links, list) or {l.get('document') for l in links} != CONSENT_DOCUMENTS:
            rep.err(f'{where}: consentLinks must link {sorted(CONSENT_DOCUMENTS)}')
        else:
            for l in links:
                if not l.get('label') or l['label'] not in b.get('consentText', ''):
                    rep.err(f'{where}: consent link label {l.get("label")!r} is not part of consentText')
    elif t == 'treatmentLink':
        need_str('treatmentCode', 'text')
        if b.get('treatmentCode') not in TREATMENT_CODES:
            rep.err(f'{where}: unknown treatmentCode {b.get("treatmentCode")!r}')


def check_guide_schema(name, g, locale, rules, rep):
    for k in ['slug', 'locale', 'reviewStatus', 'title', 'author', 'publishedOn', 'summary']:
        if not isinstance(g.get(k), str) or not g[k].strip():
            rep.err(f'{name}: {k} must be a non-empty string')
    if g.get('locale') != locale:
        rep.err(f'{name}: locale {g.get("locale")!r} does not match file name {locale!r}')
    if g.get('reviewStatus') not in REVIEW_STATUSES:
        rep.err(f'{name}: reviewStatus must be one of {sorted(REVIEW_STATUSES)}')
    if (locale == SOURCE_LOCALE) != (g.get('reviewStatus') == 'source'):
        rep.err(f'{name}: reviewStatus "source" is reserved for the source locale')
    if not re.match(r'^\d{4}-\d{2}-\d{2}$', g.get('publishedOn', '')):
        rep.err(f'{name}: publishedOn must be YYYY-MM-DD')
    if not isinstance(g.get('ruleJoiner', ' '), str):
        rep.err(f'{name}: ruleJoiner must be a string')
    anchors = set()
    for where, c in iter_containers(g):
        a = c.get('anchor')
        if a is not None:
            if not KEBAB.match(a):
                rep.err(f'{name}: anchor {a!r} is not kebab-case')
            if a in anchors:
                rep.err(f'{name}: duplicate anchor {a!r}')
            anchors.add(a)
            if not isinstance(c.get('heading'), str) or not c['heading'].strip():
                rep.err(f'{name} {where}: heading missing')
        if not isinstance(c.get('blocks'), list):
            rep.err(f'{name} {where}: blocks must be a list')
            continue
        for i, b in enumerate(c['blocks']):
            check_block(f'{name} {where} block {i}', b, rules, rep)
    numbers = [s.get('number') for s in g.get('sections', [])]
    if numbers != list(range(1, len(numbers) + 1)):
        rep.err(f'{name}: section numbers must be 1..n in order, got {numbers}')
    ids = [f.get('id') for f in g.get('faq', [])]
    if len(set(ids)) != len(ids) or not all(i and KEBAB.match(i) for i in ids):
        rep.err(f'{name}: faq ids must be unique kebab-case, got {ids}')
    for f in g.get('faq', []):
        if not f.get('question') or not f.get('answer'):
            rep.err(f'{name}: faq {f.get("id")} needs question and answer')
    brand = g.get('brand', {})
    if not brand.get('name') or not brand.get('logoAlt') or not isinstance(brand.get('social'), list):
        rep.err(f'{name}: brand needs name, logoAlt, social')


def shape(x):
    """Locale-independent skeleton used to prove that two locales line up."""
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            if k in ('text', 'heading', 'title', 'summary', 'question', 'answer', 'caption', 'badge',
                     'subtitle', 'dateRuleMessage', 'consentText', 'label', 'name', 'logoAlt',
                     'faqHeading', 'locale', 'reviewStatus', 'ruleJoiner'):
                out[k] = '<text>'
            elif k == 'items':
                out[k] = len(v)
            elif k == 'header':
                out[k] = len(v)
            elif k == 'rows':
                out[k] = [len(r) for r in v]
            else:
                out[k] = shape(v)
        return out
    if isinstance(x, list):
        return [shape(v) for v in x]
    return x


def first_diff(a, b, path='$'):
    if type(a) != type(b):
        return f'{path}: {a!r} vs {b!r}'
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f'{path}.{k}: present in only one locale'
            d = first_diff(a[k], b[k], f'{path}.{k}')
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f'{path}: length {len(a)} vs {len(b)}'
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f'{path}[{i}]')
            if d:
                return d
        return None
    return None if a == b else f'{path}: {a!r} vs {b!r}'


def resolve(g, rules):
    """Return a copy of the guide where ruleRefs paragraphs also carry resolved text."""
    joiner = g.get('ruleJoiner', ' ')
    loc = g.get('locale')
    out = json.loads(json.dumps(g))
    for _, c in iter_containers(out):
        for b in c.get('blocks', []):
            if b.get('type') == 'paragraph' and 'ruleRefs' in b:
                b['text'] = joiner.join(rules[r]['text'][loc] for r in b['ruleRefs'] if r in rules)
    return out


def all_texts(g):
    """Every human-readable string of a (resolved) guide, with a label."""
    yield 'title', g.get('title', '')
    yield 'summary', g.get('summary', '')
    if g.get('faqHeading'):
        yield 'faqHeading', g['faqHeading']
    for where, c in iter_containers(g):
        if c.get('heading'):
            yield f'{where} heading', c['heading']
        for i, b in enumerate(c.get('blocks', [])):
            w = f'{where} block {i}'
            t = b.get('type')
            if t in ('paragraph', 'callout', 'treatmentLink'):
                yield w, b.get('text', '')
            elif t == 'list':
                for j, it in enumerate(b.get('items', [])):
                    yield f'{w} item {j}', it
            elif t == 'table':
                if b.get('caption'):
                    yield f'{w} caption', b['caption']
                for cell in b.get('header', []):
                    yield f'{w} header', cell
                for r in b.get('rows', []):
                    for cell in r:
                        yield f'{w} cell', cell
            elif t == 'registrationCta':
                for k in ('title', 'subtitle', 'dateRuleMessage', 'consentText'):
                    yield f'{w} {k}', b.get(k, '')
                for l in b.get('consentLinks', []):
                    yield f'{w} link', l.get('label', '')
    for f in g.get('faq', []):
        yield f'faq {f.get("id")} question', f.get('question', '')
        yield f'faq {f.get("id")} answer', f.get('answer', '')
    yield 'brand.logoAlt', g.get('brand', {}).get('logoAlt', '')


def check_zh_text(where, text, rep, en_text=None):
    if not CJK.search(text):
        rep.err(f'zh-HK {where}: no Chinese text: {text[:60]!r}')
    bad = sorted({ch for ch in text if ch in SIMPLIFIED_ONLY})
    if bad:
        rep.err(f'zh-HK {where}: Simplified characters {"".join(bad)} in {text[:40]!r}')
    m = HALFWIDTH_PUNCT_IN_CJK.search(text)
    if m:
        rep.err(f'zh-HK {where}: half-width punctuation {m.group(0)!r} in Chinese text')
    if en_text is not None and en_text == text:
        rep.err(f'zh-HK {where}: identical to English (untranslated?)')


# ---- seed --------------------------------------------------------------------------------

def unglue(line):
    return re.split(r'(?<=[a-z])(?=[A-Z0-9])', line)


def seed_units(path):
    """Rebuild the seed as (meta, units). Units are comparable tuples in reading order."""
    lines = [l.strip() for l in open(path, encoding='utf-8').read().split('\n')]
    meta = {'noise': []}
    units = []
    i, n = 0, len(lines)
    in_table = False
    while i < n:
        t = lines[i]
        if not t:
            in_table = False
            i += 1
            continue
        if in_table:
            units.append(('row', tuple(unglue(t))))
            i += 1
            continue
        if t in NOISE_SINGLE_LINES:
            meta['noise'].append(t)
        elif t == LOGO_LINE:
            meta['logo'] = t
        elif t == SOCIAL_LINE:
            meta['social'] = t
        elif t.startswith('Author: '):
            meta['author'] = t[len('Author: '):]
        elif re.fullmatch(r'(\d{1,2}) ([A-Z][a-z]+) (\d{4})', t) and 'date' not in meta:
            d, mon, y = re.fullmatch(r'(\d{1,2}) ([A-Z][a-z]+) (\d{4})', t).groups()
            meta['date'] = f'{int(y):04d}-{MONTHS[mon]:02d}-{int(d):02d}'
        elif t == WIDGET_LINES[0]:
            got = [l for l in lines[i:i + 12] if l][:len(WIDGET_LINES)]
            if got != WIDGET_LINES:
                raise ValueError(f'unexpected widget text at seed line {i + 1}: {got}')
            units.append(('cta', tuple(WIDGET_LINES)))
            seen = 0
            while seen < len(WIDGET_LINES):
                seen += bool(lines[i])
                i += 1
            continue
        elif t == TREATMENT_LINK_LINE:
            units.append(('link', t))
        elif re.fullmatch(r'\d+', t):
            units.append(('section', int(t)))
            i += 1
            while not lines[i]:
                i += 1
            units.append(('heading', lines[i]))
        elif t == 'FAQ':
            units.append(('faqHeading', t))
        elif re.match(r'^\d+\.\s', t):
            num, rest = re.match(r'^(\d+)\.\s+(.*)$', t).groups()
            units.append(('item', int(num), norm(rest)))
        elif t == GLUED_TABLE_HEADER:
            units.append(('row', tuple(unglue(t))))
            in_table = True
        else:
            units.append(('text', norm(t)))
        i += 1
    return meta, units


def guide_units(g):
    units = []
    def blocks(bs):
        for b in bs:
            t = b['type']
            if t == 'paragraph':
                units.append(('text', norm(b['text'])))
            elif t == 'list':
                for k, it in enumerate(b['items'], 1):
                    units.append(('item', k if b['ordered'] else 0, norm(it)))
            elif t == 'table':
                units.append(('row', tuple(b['header'])))
                for r in b['rows']:
                    units.append(('row', tuple(r)))
            elif t == 'registrationCta':
                units.append(('cta', tuple(b[k] for k in WIDGET_FIELDS)))
            elif t == 'treatmentLink':
                units.append(('link', b['text']))
            elif t == 'callout':
                units.append(('callout', norm(b['text'])))
    blocks(g['intro'])
    for s in g['sections']:
        units.append(('section', s['number']))
        units.append(('heading', s['heading']))
        blocks(s['blocks'])
        for sub in s.get('subsections', []):
            units.append(('text', sub['heading']))
            blocks(sub['blocks'])
    if g.get('faq'):
        units.append(('faqHeading', g.get('faqHeading')))
        for f in g['faq']:
            units.append(('text', norm(f['question'])))
            units.append(('text', norm(f['answer'])))
    return units


def check_seed(name, g_en, seed_path, rules, rep):
    meta, expected = seed_units(seed_path)
    actual = guide_units(g_en)
    if meta.get('author') != g_en.get('author'):
        rep.err(f'{name}: author {g_en.get("author")!r} != seed {meta.get("author")!r}')
    if meta.get('date') != g_en.get('publishedOn'):
        rep.err(f'{name}: publishedOn {g_en.get("publishedOn")!r} != seed {meta.get("date")!r}')
    brand = g_en.get('brand', {})
    if meta.get('logo') and brand.get('logoAlt') != meta['logo']:
        rep.err(f'{name}: brand.logoAlt != seed logo line {meta["logo"]!r}')
    if meta.get('social'):
        inv = {v: k for k, v in SOCIAL_TOKENS.items()}
        glued = ''.join(inv.get(s, '?') for s in brand.get('social', []))
        if glued != meta['social']:
            rep.err(f'{name}: brand.social {brand.get("social")} does not match seed {meta["social"]!r}')
    # 1:1 ordered comparison of units
    for k in range(max(len(expected), len(actual))):
        e = expected[k] if k < len(expected) else None
        a = actual[k] if k < len(actual) else None
        if e != a:
            rep.err(f'{name}: seed unit #{k} differs\n    seed : {e!r}\n    guide: {a!r}')
            break
    else:
        rep.ok(f'{name}: {len(expected)} seed units (paragraphs, headings, list items, table rows, '
               f'CTAs, link) match the resolved guide 1:1 and in order')
    # sentence-level proof
    corpus = norm(' '.join(t for _, t in all_texts(g_en)) + ' ' +
                  ' '.join(' '.join(u[1]) for u in actual if u[0] == 'row'))
    count, missing = 0, []
    for u in expected:
        if u[0] in ('text', 'item', 'heading'):
            parts = sentences(u[-1])
        elif u[0] == 'row':
            parts = list(u[1])
        else:
            continue
        for s in parts:
            count += 1
            if s not in corpus:
                missing.append(s)
    for s in missing:
        rep.err(f'{name}: seed sentence missing from guide: {s!r}')
    if not missing:
        rep.ok(f'{name}: all {count} seed sentences/cells found verbatim in the resolved guide')
    # noise must not leak into article text
    noise = set(WIDGET_LINES) | NOISE_SINGLE_LINES | {LOGO_LINE, SOCIAL_LINE, TREATMENT_LINK_LINE}
    for where, c in iter_containers(g_en):
        for i, b in enumerate(c['blocks']):
            texts = [b.get('text', '')] + list(b.get('items', []))
            if b['type'] in ('paragraph', 'list', 'callout') and any(t.strip() in noise for t in texts):
                rep.err(f'{name} {where} block {i}: widget/noise text used as article text')
    # section 7: every seed sentence covered by exactly one rule
    sec = [s for s in g_en['sections'] if s['number'] == AFTERCARE_SECTION]
    if sec:
        seed_sec, cur = [], None
        for u in expected:
            if u[0] == 'section':
                cur = u[1]
            elif cur == AFTERCARE_SECTION and u[0] == 'text':
                seed_sec.append(u[1])
        n = 0
        for para in seed_sec:
            for s in sentences(para):
                n += 1
                owners = [rid for rid, r in rules.items() if s in norm(r['text']['en'])]
                if len(owners) != 1:
                    rep.err(f'{name}: section-7 sentence covered by {owners}: {s!r}')
        rep.ok(f'{name}: {n} section-7 seed sentences, each owned by exactly one rule')


def check_rules_usage(name, g, rules, rep):
    sec = [s for s in g.get('sections', []) if s.get('number') == AFTERCARE_SECTION]
    if len(sec) != 1:
        rep.err(f'{name}: expected exactly one section {AFTERCARE_SECTION}')
        return
    s = sec[0]
    refs = []
    containers = [s] + s.get('subsections', [])
    for c in containers:
        for b in c['blocks']:
            if b['type'] == 'paragraph':
                if 'text' in b:
                    rep.err(f'{name}: section {AFTERCARE_SECTION} paragraph repeats text instead of ruleRefs')
                refs += b.get('ruleRefs', [])
    for rid in rules:
        c = refs.count(rid)
        if c != 1:
            rep.err(f'{name}: rule {rid!r} referenced {c}x by section {AFTERCARE_SECTION} (must be exactly 1)')
    for _, c in iter_containers(g):
        if c is s or c in s.get('subsections', []):
            continue
        for b in c['blocks']:
            if 'ruleRefs' in b:
                rep.err(f'{name}: ruleRefs outside section {AFTERCARE_SECTION}')


# ---- rules and plans ---------------------------------------------------------------------

def check_rules(data, rep):
    rules = {}
    if not isinstance(data, list):
        rep.err('aftercare-rules.json: must be a list')
        return rules
    for r in data:
        rid = r.get('id')
        if not rid or not KEBAB.match(rid) or rid in rules:
            rep.err(f'aftercare-rules.json: bad or duplicate id {rid!r}')
            continue
        txt = r.get('text', {})
        for loc in LOCALES:
            if not isinstance(txt.get(loc), str) or not txt[loc].strip():
                rep.err(f'aftercare-rules.json: {rid} lacks {loc} text')
        en = txt.get('en', '')
        if not re.search(r'[.!?]$', en):
            rep.err(f'aftercare-rules.json: {rid} en text must be whole sentence(s)')
        if 'zh-HK' in txt:
            check_zh_text(f'rule {rid}', txt['zh-HK'], rep, en)
            if not txt['zh-HK'].endswith('。'):
                rep.err(f'aftercare-rules.json: {rid} zh-HK text must end with 。')
        rules[rid] = r
    return rules


def seconds(iso):
    m = ISO_DURATION.match(iso or '')
    if not m:
        return None
    d, h, mi, s = (int(x) if x else 0 for x in m.groups())
    return ((d * 24 + h) * 60 + mi) * 60 + s


def check_plans(plan_dir, rules, guides_en, rep):
    files = sorted(f for f in os.listdir(plan_dir) if f.endswith('.json'))
    if files != sorted(c + '.json' for c in TREATMENT_CODES):
        rep.err(f'aftercare-plans: expected exactly {TREATMENT_CODES}, found {files}')
    for f in files:
        name = f'aftercare-plans/{f}'
        p = load_json(os.path.join(plan_dir, f), rep)
        if p is None:
            continue
        if p.get('treatmentCode') != f[:-5]:
            rep.err(f'{name}: treatmentCode does not match file name')
        if p.get('version') != 1 or not isinstance(p.get('version'), int):
            rep.err(f'{name}: version must be integer 1')
        g = guides_en.get(p.get('guideSlug'))
        if g is None:
            rep.err(f'{name}: unknown guideSlug {p.get("guideSlug")!r}')
        for loc in LOCALES:
            if not p.get('treatmentName', {}).get(loc):
                rep.err(f'{name}: treatmentName.{loc} missing')
        steps = p.get('steps', [])
        if [(s.get('key'), s.get('offset')) for s in steps] != PLAN_STEPS:
            rep.err(f'{name}: steps must be {PLAN_STEPS}')
        last = -1
        used = []
        for s in steps:
            sec = seconds(s.get('offset'))
            if sec is None or sec <= last and last != -1 or sec < 0:
                rep.err(f'{name}: step {s.get("key")} offset {s.get("offset")!r} invalid or not increasing')
            last = sec if sec is not None else last
            for fld in ('title', 'body'):
                v = s.get(fld, {})
                for loc in LOCALES:
                    if not isinstance(v.get(loc), str) or not v[loc].strip():
                        rep.err(f'{name}: step {s.get("key")} {fld}.{loc} missing')
                if v.get('zh-HK'):
                    check_zh_text(f'{name} step {s.get("key")} {fld}', v['zh-HK'], rep, v.get('en'))
            rs = s.get('rules', [])
            if not rs or len(set(rs)) != len(rs):
                rep.err(f'{name}: step {s.get("key")} needs a non-empty list of distinct rule ids')
            for r in rs:
                if r not in rules:
                    rep.err(f'{name}: step {s.get("key")} references unknown rule {r!r}')
            used += rs
        for r in REQUIRED_PLAN_RULES:
            if r not in used:
                rep.err(f'{name}: required section-7 rule {r!r} not carried by any step')
        first = steps[0].get('rules', []) if steps else []
        for r in ('no-touch-48h', 'sun-protection-1w', 'no-exfoliants-retinoids-1w', 'paracetamol-for-pain'):
            if r not in first:
                rep.err(f'{name}: rule {r!r} must be given at the immediate step')
        refs = p.get('guideRefs', [])
        if not any(r.get('anchor') == anchor_of_section(g, AFTERCARE_SECTION) for r in refs):
            rep.err(f'{name}: guideRefs must include the aftercare section')
        for r in refs:
            text = anchor_text(g, r.get('anchor')) if g else None
            if text is None:
                rep.err(f'{name}: guideRefs anchor {r.get("anchor")!r} not found in guide')
            elif r.get('quote') and norm(r['quote']) not in text:
                rep.err(f'{name}: guideRefs quote not found under #{r["anchor"]}: {r["quote"]!r}')
        if p.get('treatmentCode') == 'milia-laser-ablation':
            if not any(r.get('anchor') == 'laser-ablation-benefits' and 'emollients' in r.get('quote', '') for r in refs):
                rep.err(f'{name}: must cite the guide sentence on emollients and strict UV protection')
            if not any('emollient' in s['body']['en'] and '潤膚劑' in s['body']['zh-HK'] for s in steps):
                rep.err(f'{name}: a step body must tell the patient about emollients / 潤膚劑')
        rep.ok(f'{name}: {len(steps)} steps, {len(set(used))} distinct rules')


def anchor_of_section(g, number):
    for s in (g or {}).get('sections', []):
        if s['number'] == number:
            return s['anchor']
    return None


def anchor_text(g, anchor):
    for _, c in iter_containers(g):
        if c.get('anchor') == anchor:
            parts = [c.get('heading', '')]
            containers = [c] + c.get('subsections', [])
            for cc in containers:
                for b in cc['blocks']:
                    parts.append(b.get('text', ''))
                    parts += b.get('items', [])
            return norm(' '.join(parts))
    return None


# ---- main --------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--content', default=DEFAULT_CONTENT)
    ap.add_argument('--seed-dir', default=DEFAULT_SEED_DIR)
    args = ap.parse_args()
    rep = Report()
    content = os.path.normpath(args.content)

    rules_data = load_json(os.path.join(content, 'aftercare-rules.json'), rep)
    rules = check_rules(rules_data or [], rep)
    rep.ok(f'aftercare-rules.json: {len(rules)} rules')

    guides_en = {}
    gdir = os.path.join(content, 'guides')
    for slug in sorted(os.listdir(gdir)):
        files = {f[:-5]: os.path.join(gdir, slug, f) for f in os.listdir(os.path.join(gdir, slug)) if f.endswith('.json')}
        if SOURCE_LOCALE not in files:
            rep.err(f'guides/{slug}: missing {SOURCE_LOCALE}.json')
            continue
        loaded = {}
        for loc, path in sorted(files.items()):
            name = f'guides/{slug}/{loc}.json'
            g = load_json(path, rep)
            if g is None:
                continue
            check_guide_schema(name, g, loc, rules, rep)
            if g.get('slug') != slug:
                rep.err(f'{name}: slug {g.get("slug")!r} != folder {slug!r}')
            check_rules_usage(name, g, rules, rep)
            loaded[loc] = g
        src = loaded.get(SOURCE_LOCALE)
        if src is None:
            continue
        resolved_src = resolve(src, rules)
        guides_en[slug] = resolved_src
        for loc, g in loaded.items():
            if loc == SOURCE_LOCALE:
                continue
            d = first_diff(shape(src), shape(g))
            if d:
                rep.err(f'guides/{slug}/{loc}.json does not line up with {SOURCE_LOCALE}: {d}')
            else:
                blocks = sum(len(c['blocks']) for _, c in iter_containers(g))
                rep.ok(f'guides/{slug}/{loc}.json lines up with {SOURCE_LOCALE}.json '
                       f'({len(g["sections"])} sections, {blocks} blocks, {len(g["faq"])} FAQ)')
            resolved = resolve(g, rules)
            if loc == 'zh-HK':
                en_texts = dict(all_texts(resolved_src))
                for where, text in all_texts(resolved):
                    check_zh_text(where, text, rep, en_texts.get(where))
                if g.get('brand', {}).get('social') != src.get('brand', {}).get('social'):
                    rep.err(f'guides/{slug}/{loc}.json: brand.social differs')
        seed = os.path.join(args.seed_dir, slug + '.txt')
        if os.path.exists(seed):
            check_seed(f'guides/{slug}/{SOURCE_LOCALE}.json', resolved_src, seed, rules, rep)
        else:
            rep.ok(f'guides/{slug}: no seed file, fidelity check skipped')

    check_plans(os.path.join(content, 'aftercare-plans'), rules, guides_en, rep)

    for n in rep.notes:
        print('ok   ' + n)
    for e in rep.errors:
        print('FAIL ' + e)
    print(f'\n{"PASS" if not rep.errors else "FAILED"}: {len(rep.notes)} checks ok, {len(rep.errors)} errors')
    return 0 if not rep.errors else 1


if __name__ == '__main__':
    sys.exit(main())
