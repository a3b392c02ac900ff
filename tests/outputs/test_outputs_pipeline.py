"""One partition through every asset with a template choosing DOCX and bank exports, delivered
to the outbox and a real SFTP server, with signed webhooks to a local receiver."""

from __future__ import annotations

import base64
import json
import shutil

import dagster as dg
import docx
import pytest
from ofxtools.Parser import OFXTree

from neurareport_resources.resources import NotifierResource
from neurareport_resources.settings import local_resources
from tests.outputs.sftp_server import PASSWORD, USER, sftp_server
from tests.outputs.webhook_receiver import webhook_receiver
from tests.reports.conftest import TEMPLATE_DIR
from tests.spine.conftest import TENANT
from tests.spine.test_pipeline import (
    ALL_ASSETS,
    PARTITION,
    approve_and_deliver,
    materialize_all,
)

SECRET = "whsec_" + base64.b64encode(b"pipeline webhook secret!").decode()
FORMATS = ["pdf", "docx", "xero_csv", "qbo4_csv", "ofx"]


@pytest.mark.slow
def test_template_formats_reach_outbox_sftp_and_webhooks(
    neurareport_home,
    statement,
    instance,
    tmp_path,
) -> None:
    _, truth = statement
    library = tmp_path / "templates"
    shutil.copytree(TEMPLATE_DIR, library / "monthly_account")
    (library / "monthly_account" / "template.yaml").write_text(
        f"formats: [{', '.join(FORMATS)}]\n", encoding="utf-8"
    )
    with sftp_server(tmp_path / "sftp") as server, webhook_receiver(SECRET) as receiver:
        (server.root / "in").mkdir()
        resources = local_resources(neurareport_home, templates_root=library)
        resources["notifier"] = NotifierResource(
            outbox_root=str(neurareport_home / "outbox"),
            sftp_targets=json.dumps(
                {
                    TENANT: {
                        "host": "127.0.0.1",
                        "port": server.port,
                        "username": USER,
                        "folder": "/in",
                        "known_hosts": server.known_hosts,
                    }
                }
            ),
            sftp_secrets=json.dumps({TENANT: {"password": PASSWORD}}),
            webhook_endpoints=json.dumps({"ops": {"url": receiver.url}}),
            webhook_secrets=json.dumps({"ops": SECRET}),
        )
        first = materialize_all(resources, instance)
        assert first.success
        # the built-in template's contract is a draft: held until an analyst approves it
        assert list((server.root / "in").iterdir()) == []
        assert approve_and_deliver(resources, instance, neurareport_home).success
        outbox = sorted(p.name for p in (neurareport_home / "outbox" / TENANT).iterdir())
        suffixes = sorted(name.split(".", 1)[1] for name in outbox)
        assert suffixes == sorted(["pdf", "docx", "xero.csv", "qbo4.csv", "ofx"])
        assert sorted(p.name for p in (server.root / "in").iterdir()) == outbox
        # the files at the far end are the ones rendered: parse two of them back
        sent = server.root / "in"
        ofx_tree = OFXTree()
        ofx_tree.parse(str(next(sent.glob("*.ofx"))))
        (statement_read,) = ofx_tree.convert().statements
        assert len(statement_read.transactions) == len(truth.transactions)
        assert statement_read.ledgerbal.balamt == truth.closing_balance
        word = docx.Document(str(next(sent.glob("*.docx"))))
        assert len(word.tables[-1].rows) == 1 + len(truth.transactions)
        types = sorted(p["type"] for p in receiver.events.values())
        assert types == ["report.approved", "report.delivered", "report.held", "report.rendered"]
        approved = next(p for p in receiver.events.values() if p["type"] == "report.approved")
        assert approved["data"]["reviewer"] == "tester"
        assert receiver.rejected == 0
        manifest = first.asset_materializations_for_node("rendered_reports")[0].metadata
        assert manifest["formats"].value == FORMATS

        # the same data again: byte-identical files, nothing re-sent, no new event
        requests = receiver.requests
        second = materialize_all(resources, instance)
        assert second.success
        delivered = second.asset_materializations_for_node("delivered_reports")[0].metadata
        assert delivered["sent"].value == 0 and delivered["already_sent"].value == 10
        assert receiver.requests == requests
        assert server.logins == 1


def test_a_broken_template_yaml_fails_that_template_alone(
    neurareport_home,
    statement,
    instance,
    tmp_path,
) -> None:
    library = tmp_path / "templates"
    shutil.copytree(TEMPLATE_DIR, library / "monthly_account")
    (library / "monthly_account" / "template.yaml").write_text(
        "formats: [pdf, pptx]\n", encoding="utf-8"
    )
    resources = local_resources(neurareport_home, templates_root=library)
    result = dg.materialize(
        ALL_ASSETS,
        resources=resources,
        partition_key=PARTITION.partition_key,
        instance=instance,
        raise_on_error=False,
    )
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert checks["report_rendered"].passed is False
    rendered = result.asset_materializations_for_node("rendered_reports")[0].metadata
    assert "pptx" in rendered["render_error"].value
    assert "template.yaml" in rendered["render_error"].value
    # nothing of that template is delivered
    delivered = result.asset_materializations_for_node("delivered_reports")[0].metadata
    assert delivered["files"].value == 0
