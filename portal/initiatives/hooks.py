"""What initiatives add to shared pages: memberships in "download my data"."""

from portal.accounts import services as account_services
from portal.initiatives import services

account_services.DATA_EXPORTERS["memberships"] = services.export_person
