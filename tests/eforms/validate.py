#!/usr/bin/env python3
"""
Validate eForms notices against the official SDK, offline: the UBL 2.3 XSD (lxml / libxml2) and the
SDK's static Schematron rules for the notice's subtype (phase `eforms-<subtype>`), run by saxonche.

    python validate.py --sdk DIR [--expect-invalid] NOTICE.xml ...

* DIR is an unmodified copy of the SDK's `schemas/` and `schematrons/static/` (tests/eforms/sdk/).
* No Schematron-to-XSLT compiler is published on the registries this project may use, so `compile_phase`
  turns one phase of the ISO Schematron schema into an XSLT 3.0 stylesheet, with ISO semantics: every
  active pattern visits every element and attribute of the notice; within a pattern, a node is checked
  by the first rule whose context matches it; schema- and pattern-level `let`s are global variables,
  rule-level ones local; an `assert` fails when its test is false, a `report` when it is true.
* Output: one JSON object per notice; exit 0 when every notice has no XSD error and no Schematron
  assertion of role ERROR failed (with --expect-invalid: when every notice fails), 1 otherwise.
"""
import argparse
import json
import os
import sys

from lxml import etree
from saxonche import PySaxonProcessor

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
EFORMS_SUBTYPE = (
    "/*/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
    "/efac:NoticeSubType/cbc:SubTypeCode"
)
MAIN_DOCUMENTS = {
    "ContractNotice": "UBL-ContractNotice-2.3.xsd",
    "ContractAwardNotice": "UBL-ContractAwardNotice-2.3.xsd",
    "PriorInformationNotice": "UBL-PriorInformationNotice-2.3.xsd",
    "BusinessRegistrationInformationNotice": "EFORMS-BusinessRegistrationInformationNotice.xsd",
}


def sch(tag):
    return f"{{{SCH}}}{tag}"


def xsl(parent, tag, **attributes):
    return etree.SubElement(parent, f"{{{XSL}}}{tag}", {k.replace("_", "-"): v for k, v in attributes.items()})


def load_schema(schematron_dir):
    """The complete schema with its `include`s resolved (each included file is one pattern)."""
    path = os.path.join(schematron_dir, "complete-validation.sch")
    root = etree.parse(path).getroot()
    for include in root.iter(sch("include")):
        pattern = etree.parse(os.path.join(schematron_dir, include.get("href"))).getroot()
        include.getparent().replace(include, pattern)
    return root


def message(assertion):
    return " ".join("".join(assertion.itertext()).split())


def compile_phase(schema, phase_id):
    phase = schema.find(f"{sch('phase')}[@id='{phase_id}']")
    if phase is None:
        raise KeyError(f"the SDK has no Schematron phase {phase_id}")
    active = [a.get("pattern") for a in phase.iter(sch("active"))]
    patterns = {p.get("id"): p for p in schema.iter(sch("pattern"))}
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in schema.iter(sch("ns"))}
    namespaces["xsl"] = XSL
    stylesheet = etree.Element(f"{{{XSL}}}stylesheet", nsmap=namespaces, version="3.0")
    stylesheet.set("exclude-result-prefixes", " ".join(p for p in namespaces if p != "xsl"))
    xsl(stylesheet, "output", method="text")
    global_lets = [let for let in schema if let.tag == sch("let")]
    for pattern_id in active:
        global_lets += [let for let in patterns[pattern_id] if let.tag == sch("let")]
    for let in global_lets:
        xsl(stylesheet, "variable", name=let.get("name"), select=let.get("value"))
    start = xsl(stylesheet, "template", match="/")
    for index, pattern_id in enumerate(active):
        mode = f"pattern-{index}"
        xsl(start, "apply-templates", select=".", mode=mode)
        descend = xsl(stylesheet, "template", match="/|*|@*", mode=mode, priority="-100")
        xsl(descend, "apply-templates", select="@*|*", mode=mode)
        rules = list(patterns[pattern_id].iter(sch("rule")))
        for order, rule in enumerate(rules):
            template = xsl(
                stylesheet, "template", match=rule.get("context"), mode=mode, priority=str(len(rules) - order)
            )
            for child in rule:
                if child.tag == sch("let"):
                    xsl(template, "variable", name=child.get("name"), select=child.get("value"))
                elif child.tag in (sch("assert"), sch("report")):
                    test = child.get("test")
                    condition = f"not({test})" if child.tag == sch("assert") else test
                    failed = xsl(template, "if", test=condition)
                    fields = (child.get("role", "ERROR"), child.get("id", ""), message(child))
                    role, rule_id, text = (xpath_string(field) for field in fields)
                    xsl(failed, "value-of", separator="\t", select=f"({role}, {rule_id}, path(), {text})")
                    xsl(failed, "text").text = "\n"
            xsl(template, "apply-templates", select="@*|*", mode=mode)
    return etree.tostring(stylesheet, encoding="unicode")


def xpath_string(text):
    return "'" + text.replace("'", "''") + "'"


class Validator:
    def __init__(self, sdk):
        self.sdk = sdk
        self.schema = load_schema(os.path.join(sdk, "schematrons", "static"))
        self.xsds = {}
        self.processor = PySaxonProcessor(license=False)
        self.xslt = self.processor.new_xslt30_processor()
        self.phases = {}

    def xsd(self, root_name):
        if root_name not in self.xsds:
            path = os.path.join(self.sdk, "schemas", "maindoc", MAIN_DOCUMENTS[root_name])
            self.xsds[root_name] = etree.XMLSchema(etree.parse(path))
        return self.xsds[root_name]

    def phase(self, subtype):
        if subtype not in self.phases:
            source = compile_phase(self.schema, f"eforms-{subtype}")
            self.phases[subtype] = self.xslt.compile_stylesheet(stylesheet_text=source)
        return self.phases[subtype]

    def check(self, path):
        report = {"file": path, "xsd_errors": [], "errors": [], "warnings": []}
        try:
            document = etree.parse(path)
        except etree.XMLSyntaxError as error:
            report["xsd_errors"].append(f"not well-formed: {error}")
            return report
        root_name = etree.QName(document.getroot()).localname
        if root_name not in MAIN_DOCUMENTS:
            report["xsd_errors"].append(f"{root_name} is not an eForms notice")
            return report
        schema = self.xsd(root_name)
        if not schema.validate(document):
            report["xsd_errors"] = [f"line {e.line}: {e.message}" for e in schema.error_log]
        namespaces = {ns.get("prefix"): ns.get("uri") for ns in self.schema.iter(sch("ns"))}
        subtype = document.xpath(f"string({EFORMS_SUBTYPE})", namespaces=namespaces).strip()
        report["subtype"] = subtype
        try:
            executable = self.phase(subtype)
        except KeyError as error:
            report["errors"].append(str(error))
            return report
        node = self.processor.parse_xml(xml_file_name=os.path.abspath(path))
        executable.set_global_context_item(xdm_item=node)
        try:
            output = executable.apply_templates_returning_string(xdm_value=node) or ""
        except Exception as error:  # a value the rules cannot even evaluate is an error too
            report["errors"].append({"id": "evaluation", "location": "", "message": str(error)})
            return report
        for line in filter(None, (line.strip("\t ") for line in output.split("\n"))):
            role, rule_id, location, text = (line.split("\t") + ["", "", ""])[:4]
            entry = {"id": rule_id, "location": location, "message": text}
            report["errors" if role.upper() in ("ERROR", "FATAL") else "warnings"].append(entry)
        return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdk", required=True, help="folder holding the SDK's schemas/ and schematrons/static/")
    parser.add_argument("--expect-invalid", action="store_true", help="succeed only if every notice fails")
    parser.add_argument("notices", nargs="+")
    arguments = parser.parse_args()
    validator = Validator(arguments.sdk)
    outcomes = []
    for path in arguments.notices:
        report = validator.check(path)
        report["valid"] = not report["xsd_errors"] and not report["errors"]
        print(json.dumps(report, ensure_ascii=False))
        outcomes.append(report["valid"])
    if arguments.expect_invalid:
        return 0 if not any(outcomes) else 1
    return 0 if all(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
