#!/usr/bin/env python3
"""goaws local AWS: moto 5.2.1's server, started in-process with small patches
for the gaps between moto's CloudFormation and the real `cdk` CLI.

Usage:  python3 goaws_moto.py --host 127.0.0.1 --port 4566 [--no-patches]

Prints one line "goaws-moto ready http://HOST:PORT (moto X.Y.Z, N patches)" on
stdout once the socket listens; exits 0 on SIGTERM/SIGINT. With --exit-with-parent
it also exits when the process that started it goes away, however that died, and
leaves SIGINT to that parent (Ctrl-C reaches the whole process group; the parent
still needs the emulator to save the table, then stops it with SIGTERM).

GET /_goaws/changes answers {"dynamodb": N}: how many DynamoDB requests that may
change data have completed, so goaws saves the table only when it changed.

Serves local tools only, patches or not: moto's global CORS is off, and a request
whose Host is not 127.0.0.1:PORT / localhost:PORT or that a browser marks as a
page's (Origin, Sec-Fetch-*) is refused with 403 (see LocalClientsOnly).

moto's installed files are never modified: every patch replaces or wraps one
function/class attribute at import time, and names the gap it closes.
Written against moto 5.2.1 exactly; other 5.x versions start with a warning,
other major versions are refused.
"""
import argparse
import functools
import json
import signal
import sys
import threading

PINNED = "5.2.1"


def check_moto_version():
    try:
        import moto
    except ImportError:
        sys.exit("goaws-moto: moto is not installed for %s; install moto[server]==%s"
                 % (sys.executable, PINNED))
    version = getattr(moto, "__version__", "0")
    if version.split(".")[0] != PINNED.split(".")[0]:
        sys.exit("goaws-moto: moto %s found, but these patches are written for moto %s "
                 "(major version %s only). Install moto[server]==%s."
                 % (version, PINNED, PINNED.split(".")[0], PINNED))
    if version != PINNED:
        print("goaws-moto: warning: moto %s, patches were verified on %s" % (version, PINNED),
              file=sys.stderr, flush=True)
    return version


PATCHES = []


def patch(number, gap):
    """Register a patch function for gap `number` (the numbered list in docs/TESTING.md; a gap may take several
    patches); `gap` is the one-line reason shown with --list-patches."""
    def register(fn):
        PATCHES.append((number, gap, fn))
        return fn
    return register


# --------------------------------------------------------------------------- CloudFormation

@patch(1, "TemplateURL http://127.0.0.1:PORT/bucket/key read as bucket '127': resolve path-style for IP/localhost hosts")
def patch_template_url():
    from urllib.parse import urlparse
    import ipaddress
    from moto.cloudformation import models as cfm, responses as cfr, utils as cfu
    original = cfu.get_stack_from_s3_url

    def get_stack_from_s3_url(template_url, account_id, partition):
        # moto only treats URLs containing "localhost" as path-style; the CLI builds the
        # URL from AWS_ENDPOINT_URL (http://127.0.0.1:PORT/<bucket>/<key>), so any IP
        # literal or a host without dots (a container name) is path-style, too.
        host = urlparse(template_url).hostname or ""
        try:
            ipaddress.ip_address(host)
            is_ip = True
        except ValueError:
            is_ip = False
        if is_ip or "." not in host:
            from moto.s3.models import s3_backends
            bucket, key = urlparse(template_url).path.lstrip("/").split("/", 1)
            return s3_backends[account_id][partition].get_object(bucket, key).value.decode("utf-8")
        return original(template_url, account_id, partition)

    for module in (cfu, cfm, cfr):
        module.get_stack_from_s3_url = get_stack_from_s3_url


@patch(4, "change sets looked up by name across all stacks (CLI reuses 'cdk-deploy-change-set'): match the StackName too")
def patch_change_set_lookup():
    from moto.cloudformation.models import CloudFormationBackend
    from moto.cloudformation.responses import CloudFormationResponse
    from moto.cloudformation.exceptions import CloudFormationError
    from moto.core.responses import ActionResult, EmptyResult

    class ChangeSetNotFound(CloudFormationError):
        # the CLI waits for a deleted change set until DescribeChangeSet says exactly this
        code = "ChangeSetNotFoundException"  # serialized as awsQueryError ChangeSetNotFound/404

    def find(backend, name, stack_name=None):
        if name in backend.change_sets:  # an ARN
            return name
        found = None
        for cs_id, cs in backend.change_sets.items():
            if cs.change_set_name != name:
                continue
            if stack_name and stack_name not in (cs.stack_name, cs.stack_id):
                continue
            found = cs_id  # newest wins (dict keeps insertion order)
        if found is None:
            raise ChangeSetNotFound("ChangeSet [%s] does not exist" % name)
        return found

    def describe_change_set(self, change_set_name, stack_name=None):
        return self.change_sets[find(self, change_set_name, stack_name)]

    def delete_change_set(self, change_set_name, stack_name=None):
        try:
            del self.change_sets[find(self, change_set_name, stack_name)]
        except ChangeSetNotFound:
            pass  # AWS: deleting a change set that is not there succeeds (the CLI relies on it)

    original_execute = CloudFormationBackend.execute_change_set

    def execute_change_set(self, change_set_name, stack_name=None):
        return original_execute(self, find(self, change_set_name, stack_name), stack_name)

    CloudFormationBackend.describe_change_set = describe_change_set
    CloudFormationBackend.delete_change_set = delete_change_set
    CloudFormationBackend.execute_change_set = execute_change_set

    def r_describe(self):
        return ActionResult(self.cloudformation_backend.describe_change_set(
            self._get_param("ChangeSetName"), self._get_param("StackName")))

    def r_delete(self):
        self.cloudformation_backend.delete_change_set(
            self._get_param("ChangeSetName"), self._get_param("StackName"))
        return EmptyResult()

    CloudFormationResponse.describe_change_set = r_describe
    CloudFormationResponse.delete_change_set = r_delete


@patch(2, "stacks created/updated through change sets get no Outputs/Exports: rebuild them after ExecuteChangeSet")
def patch_change_set_outputs():
    from moto.cloudformation.models import CloudFormationBackend
    original = CloudFormationBackend.execute_change_set

    def execute_change_set(self, change_set_name, stack_name=None):
        original(self, change_set_name, stack_name)
        change_set = self.describe_change_set(change_set_name, stack_name)  # patched: per stack
        stack = self.stacks[change_set.stack_id]
        # moto sets stack.template but keeps the empty template_dict of the REVIEW stack
        stack._parse_template()
        stack.description = stack.template_dict.get("Description")
        if change_set.parameters:
            stack.parameters = change_set.parameters
        for name in [n for n, e in self.exports.items() if e.exporting_stack_id == stack.stack_id]:
            del self.exports[name]
        stack.output_map = stack._create_output_map()
        self._validate_export_uniqueness(stack)
        for export in stack.exports:
            self.exports[export.name] = export

    CloudFormationBackend.execute_change_set = execute_change_set


@patch(5, "UsePreviousValue on an SSM-typed parameter (BootstrapVersion, valueForStringParameter) reuses "
       "the *resolved* value (or KeyErrors on a defaulted one), then looks that up in SSM -> HTTP 500: "
       "reuse the previous *input* value, i.e. the SSM parameter name")
def patch_use_previous_value():
    from moto.cloudformation.models import CloudFormationBackend
    from moto.cloudformation.responses import CloudFormationResponse

    def previous_inputs(stack):
        # real CloudFormation keeps what was passed (or defaulted) and re-resolves SSM names
        stack._parse_template()
        previous = {k: v["Default"] for k, v in
                    (stack.template_dict.get("Parameters") or {}).items() if "Default" in v}
        previous.update(stack.resource_map.input_parameters or {})
        previous.update(stack.parameters or {})
        return previous

    original_ccs = CloudFormationResponse.create_change_set

    def create_change_set(self):  # the default method of `cdk deploy`
        if self._get_param("ChangeSetType", "CREATE") == "UPDATE":
            previous = previous_inputs(self.cloudformation_backend.get_stack(self._get_param("StackName")))
            for param in self._get_param("Parameters", []) or []:
                if param.get("UsePreviousValue") and param.get("ParameterKey") in previous:
                    param.pop("UsePreviousValue")
                    param["ParameterValue"] = previous[param["ParameterKey"]]
        return original_ccs(self)

    CloudFormationResponse.create_change_set = create_change_set

    def _resolve_update_parameters(self, instance, incoming_params):  # `--method direct`
        previous = previous_inputs(instance) if hasattr(instance, "resource_map") else instance.parameters
        resolved = {p["ParameterKey"]: p["ParameterValue"] for p in incoming_params if "ParameterValue" in p}
        resolved.update({p["ParameterKey"]: previous[p["ParameterKey"]] for p in incoming_params
                         if p.get("UsePreviousValue", False)})
        return resolved

    CloudFormationBackend._resolve_update_parameters = _resolve_update_parameters

    def has_parameters(self, other_parameters):
        # moto compared the raw inputs ({} when defaults were used, the SSM names after the
        # UsePreviousValue rewrite): an unchanged redeploy became an UPDATE that changes
        # nothing.  Compare effective inputs and the SSM values behind them instead.
        from moto.ssm.models import ssm_backends
        previous = previous_inputs(self)
        wanted = {k: v["Default"] for k, v in
                  (self.template_dict.get("Parameters") or {}).items() if "Default" in v}
        wanted.update(other_parameters or {})
        if previous != wanted:
            return False
        ssm = ssm_backends[self.account_id][self.region_name]
        for key, slot in (self.template_dict.get("Parameters") or {}).items():
            if slot.get("Type", "").startswith("AWS::SSM::Parameter::Value") and key in wanted:
                current = ssm.get_parameter(wanted[key])
                resolved = self.resource_map.resolved_parameters.get(key)
                value = current.value if current else None
                if "List" in slot["Type"] and value is not None:
                    value = value.split(",")
                if value != resolved:
                    return False
        return True

    from moto.cloudformation.models import Stack
    Stack.has_parameters = has_parameters


@patch(11, "ResourceMap.update stored None for a modified resource whose model has no update "
       "(e.g. the ALB), so later Fn::GetAtt failed with HTTP 500: keep the old resource")
def patch_update_keeps_resource():
    from moto.cloudformation import parsing
    original = parsing.parse_and_update_resource

    def parse_and_update_resource(logical_id, resource_json, resources_map, account_id, region_name):
        updated = original(logical_id, resource_json, resources_map, account_id, region_name)
        if updated is None:
            return resources_map._parsed_resources.get(logical_id)
        return updated

    parsing.parse_and_update_resource = parse_and_update_resource


@patch(3, "a failed DeleteStack made the stack vanish from list-stacks: keep it as DELETE_FAILED")
def patch_delete_failed():
    from moto.cloudformation.models import CloudFormationBackend

    def delete_stack(self, name_or_stack_id):
        stacks = [s for sid, s in self.stacks.items()
                  if name_or_stack_id in (sid, s.name)]
        for stack in stacks:
            try:
                stack.delete()
            except Exception as e:  # DependencyViolation & co.: CloudFormation reports, never drops
                stack.status = "DELETE_FAILED"
                stack._add_stack_event("DELETE_FAILED", resource_status_reason=str(e)[:400])
                continue
            self.stacks.pop(stack.stack_id, None)
            self.deleted_stacks[stack.stack_id] = stack
            for export in stack.exports:
                self.exports.pop(export.name, None)

    CloudFormationBackend.delete_stack = delete_stack


@patch(3, "CloudFormation never deleted route tables/routes, IGW attachments, IGWs, NAT gateways, EIPs "
       "-> 'vpc has dependencies': give those models a delete()")
def patch_ec2_deletes():
    # ResourceMap._delete_resource calls resource.delete(account_id, region_name) first and
    # retries resources in several passes, so dependency order sorts itself out.
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.route_tables import RouteTable, Route
    from moto.ec2.models.internet_gateways import InternetGateway
    from moto.ec2.models.nat_gateways import NatGateway
    from moto.ec2.models.elastic_ip_addresses import ElasticAddress
    from moto.ec2.models.vpn_gateway import VPCGatewayAttachment
    from moto.ec2.models.subnets import SubnetRouteTableAssociation

    def backend(account_id, region_name):
        return ec2_backends[account_id][region_name]

    def rt_delete(self, account_id, region_name):
        backend(account_id, region_name).route_tables.pop(self.id, None)

    def route_delete(self, account_id, region_name):
        table = self.route_table
        table.routes.pop(self.id, None)

    def attachment_delete(self, account_id, region_name):
        b = backend(account_id, region_name)
        if self.gateway_id and self.gateway_id.startswith("igw-"):
            igw = b.internet_gateways.get(self.gateway_id)  # may be deleted already
            if igw is not None and igw.vpc:
                b.detach_internet_gateway(self.gateway_id, self.vpc_id)
        elif self.gateway_id in getattr(b, "vpn_gateways", {}):
            b.detach_vpn_gateway(self.gateway_id, self.vpc_id)

    def igw_delete(self, account_id, region_name):
        b = backend(account_id, region_name)
        if self.vpc:
            self.vpc = None  # the attachment resource may have been skipped
        b.internet_gateways.pop(self.id, None)

    def nat_delete(self, account_id, region_name):
        b = backend(account_id, region_name)
        for eip in b.addresses:
            if eip.eni is self._eni:
                b.disassociate_address(address=eip.public_ip)
        b.enis.pop(self._eni.id, None)
        b.nat_gateways.pop(self.id, None)  # real AWS: state 'deleted', then gone

    def eip_delete(self, account_id, region_name):
        b = backend(account_id, region_name)
        if self in b.addresses:
            if self.eni or self.instance:
                b.disassociate_address(address=self.public_ip)
            b.addresses.remove(self)

    def assoc_delete(self, account_id, region_name):
        backend(account_id, region_name).subnet_associations.pop(
            "%s:%s" % (self.route_table_id, self.subnet_id), None)

    for cls, fn in ((RouteTable, rt_delete), (Route, route_delete),
                    (VPCGatewayAttachment, attachment_delete), (InternetGateway, igw_delete),
                    (NatGateway, nat_delete), (ElasticAddress, eip_delete),
                    (SubnetRouteTableAssociation, assoc_delete)):
        assert "delete" not in cls.__dict__, "moto %s already has delete(): recheck patch" % cls
        cls.delete = fn
    # The VPCGatewayAttachment returned by attach_internet_gateway has no gateway id.
    from moto.ec2.models import internet_gateways as igw_module
    original_attach = igw_module.InternetGatewayBackend.attach_internet_gateway

    def attach_internet_gateway(self, internet_gateway_id, vpc_id):
        attachment = original_attach(self, internet_gateway_id, vpc_id)
        attachment.gateway_id = attachment.gateway_id or internet_gateway_id
        return attachment

    igw_module.InternetGatewayBackend.attach_internet_gateway = attach_internet_gateway


@patch(9, "Fn::GetAZs '' answered us-east-1a..d in every region (env-agnostic ec2.Vpc subnets landed in "
       "us-east-1 AZs): answer the stack's region")
def patch_get_azs():
    from moto.cloudformation import parsing
    original = parsing.clean_json

    def clean_json(resource_json, resources_map):
        # clean_json recurses through the module global, so nested GetAZs land here too
        if isinstance(resource_json, dict) and "Fn::GetAZs" in resource_json \
                and not resource_json["Fn::GetAZs"]:
            region = resources_map["AWS::Region"]
            return ["%s%s" % (region, az) for az in "abc"]
        return original(resource_json, resources_map)

    parsing.clean_json = clean_json


@patch(7, "AWS::DynamoDB::Table ignored PointInTimeRecoverySpecification: apply it after create")
def patch_table_pitr():
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.table import Table
    original = Table.create_from_cloudformation_json.__func__

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id,
                                        region_name, **kwargs):
        table = original(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        spec = cloudformation_json["Properties"].get("PointInTimeRecoverySpecification")
        if spec and _bool(spec.get("PointInTimeRecoveryEnabled")):
            dynamodb_backends[account_id][region_name].update_continuous_backups(
                table.name, {"PointInTimeRecoveryEnabled": True})
        return table

    Table.create_from_cloudformation_json = create_from_cloudformation_json


@patch(7, "AWS::DynamoDB::Table has no CloudFormation update in moto: a stack update left "
       "DeletionProtectionEnabled and PITR as they were (so a table could never be released for deletion); "
       "apply both in place")
def patch_table_update():
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.table import Table

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        properties = cloudformation_json["Properties"]
        original_resource.deletion_protection_enabled = _bool(properties.get("DeletionProtectionEnabled", False))
        spec = properties.get("PointInTimeRecoverySpecification") or {}
        dynamodb_backends[account_id][region_name].update_continuous_backups(
            original_resource.name, {"PointInTimeRecoveryEnabled": _bool(spec.get("PointInTimeRecoveryEnabled"))})
        return original_resource

    Table.update_from_cloudformation_json = update_from_cloudformation_json


@patch(20, "AWS::DynamoDB::Table from CloudFormation got none of the aws:cloudformation:stack-name/-stack-id/"
       "-logical-id tags CloudFormation puts on it (moto tags only EC2 resources), so a table retained by a "
       "destroyed stack could not be traced back to it: add them")
def patch_table_stack_tags():
    from moto.dynamodb.models.table import Table
    original = Table.create_from_cloudformation_json.__func__

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id,
                                        region_name, **kwargs):
        table = original(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        stack_id = kwargs.get("StackId") or ""
        # arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>
        parts = stack_id.split(":stack/", 1)[-1].split("/")
        if stack_id and len(parts) >= 2:
            given = [t for t in (table.tags or []) if not t["Key"].startswith("aws:cloudformation:")]
            table.tags = given + [{"Key": "aws:cloudformation:stack-name", "Value": parts[0]},
                                  {"Key": "aws:cloudformation:stack-id", "Value": stack_id},
                                  {"Key": "aws:cloudformation:logical-id", "Value": kwargs.get("LogicalId")}]
        return table

    Table.create_from_cloudformation_json = create_from_cloudformation_json


@patch(21, "AWS::SSM::Parameter's Tags are a key/value map in CloudFormation; moto read them as a list of "
       "Key/Value pairs and answered HTTP 500 (the CLI's retry then failed with 'stack already exists'), so no "
       "tagged stack (goaws.tags, goaws.stage) could publish a parameter: convert the map")
def patch_ssm_parameter_tags():
    from moto.ssm.models import Parameter
    original_create = Parameter.create_from_cloudformation_json.__func__
    original_update = Parameter.update_from_cloudformation_json.__func__

    def as_list(cloudformation_json):
        properties = cloudformation_json.get("Properties", {})
        tags = properties.get("Tags")
        if isinstance(tags, dict):
            properties = dict(properties, Tags=[{"Key": k, "Value": v} for k, v in tags.items()])
            return dict(cloudformation_json, Properties=properties)
        return cloudformation_json

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name,
                                        **kwargs):
        return original_create(cls, resource_name, as_list(cloudformation_json), account_id, region_name,
                               **kwargs)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        return original_update(cls, original_resource, new_resource_name, as_list(cloudformation_json),
                               account_id, region_name)

    Parameter.create_from_cloudformation_json = create_from_cloudformation_json
    Parameter.update_from_cloudformation_json = update_from_cloudformation_json


@patch(27, "AWS::IAM::Role's inline Policies from CloudFormation were stored as parsed documents, so "
       "GetRolePolicy answered their Python repr (single quotes), not JSON: store them as JSON text, as the API does")
def patch_role_inline_policy_json():
    from moto.iam.models import Role

    original = Role.put_policy

    def put_policy(self, policy_name, policy_json):
        if not isinstance(policy_json, str):
            policy_json = json.dumps(policy_json)
        original(self, policy_name, policy_json)

    Role.put_policy = put_policy


@patch(10, "AWS::ECS::TaskDefinition updates kept CloudFormation's PascalCase keys, so a new revision read "
       "Image (and every container field) as null: remap them as create does")
def patch_task_definition_update():
    from moto.core.utils import pascal_to_camelcase, remap_nested_keys
    from moto.ecs.models import TaskDefinition
    original = TaskDefinition.update_from_cloudformation_json.__func__

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        properties = dict(cloudformation_json["Properties"])
        properties["ContainerDefinitions"] = remap_nested_keys(properties.get("ContainerDefinitions", []),
                                                               pascal_to_camelcase)
        if "Volumes" in properties:
            properties["Volumes"] = remap_nested_keys(properties["Volumes"], pascal_to_camelcase)
        return original(cls, original_resource, new_resource_name, dict(cloudformation_json, Properties=properties),
                        account_id, region_name)

    TaskDefinition.update_from_cloudformation_json = update_from_cloudformation_json


# --------------------------------------------------------------------------- missing resource types

class _AddedType:
    """What every CloudFormation type goaws adds to moto shares. A subclass lists CloudFormationModel as its
    other base (moto registers only *direct* subclasses) and sets SERVICE, TYPE, NAME_TYPE (the property that
    names the resource, or "") and ATTRIBUTES (Fn::GetAtt name -> instance attribute)."""
    SERVICE, TYPE, NAME_TYPE, ATTRIBUTES = None, None, "", {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.__module__ = "moto.%s.goaws_moto" % cls.SERVICE  # moto's model registry keys on the 2nd module part

    @classmethod
    def cloudformation_name_type(cls):
        return cls.NAME_TYPE

    @classmethod
    def cloudformation_type(cls):
        return cls.TYPE

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in cls.ATTRIBUTES

    def get_cfn_attribute(self, attr):
        if attr in self.ATTRIBUTES:
            return getattr(self, self.ATTRIBUTES[attr])
        raise NotImplementedError(attr)

    def is_created(self):
        return True

@patch(8, "AWS::SecretsManager::Secret is not a moto CloudFormation type (skipped, Ref -> None): "
       "add it, with GenerateSecretString")
def patch_secret_type():
    from moto.core.common_models import CloudFormationModel
    from moto.secretsmanager.models import secretsmanager_backends

    class CfnSecret(_AddedType, CloudFormationModel):
        SERVICE, TYPE, NAME_TYPE, ATTRIBUTES = "secretsmanager", "AWS::SecretsManager::Secret", "Name", {"Id": "arn"}

        def __init__(self, arn, name):
            self.arn, self.name = arn, name

        @property
        def physical_resource_id(self):
            return self.arn  # Ref of a secret is its ARN

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name, **kwargs):
            props = cloudformation_json.get("Properties", {})
            backend = secretsmanager_backends[account_id][region_name]
            secret_string = props.get("SecretString")
            gen = props.get("GenerateSecretString")
            if gen is not None:
                password = backend.get_random_password(
                    password_length=int(gen.get("PasswordLength", 32)),
                    exclude_characters=gen.get("ExcludeCharacters", ""),
                    exclude_numbers=_bool(gen.get("ExcludeNumbers")),
                    exclude_punctuation=_bool(gen.get("ExcludePunctuation")),
                    exclude_uppercase=_bool(gen.get("ExcludeUppercase")),
                    exclude_lowercase=_bool(gen.get("ExcludeLowercase")),
                    include_space=_bool(gen.get("IncludeSpace")),
                    require_each_included_type=_bool(gen.get("RequireEachIncludedType", True)),
                )
                password = json.loads(password)["RandomPassword"]
                if gen.get("SecretStringTemplate"):
                    doc = json.loads(gen["SecretStringTemplate"])
                    doc[gen["GenerateStringKey"]] = password
                    secret_string = json.dumps(doc)
                else:
                    secret_string = password
            created = json.loads(backend.create_secret(
                name=resource_name, secret_string=secret_string, secret_binary=None,
                description=props.get("Description"), tags=props.get("Tags"),
                kms_key_id=props.get("KmsKeyId"), client_request_token=None,
                replica_regions=props.get("ReplicaRegions") or [], force_overwrite=False))
            return cls(created["ARN"], created["Name"])

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name,
                                            cloudformation_json, account_id, region_name):
            return original_resource  # keep the generated value, like CloudFormation does

        def delete(self, account_id, region_name):
            secretsmanager_backends[account_id][region_name].delete_secret(
                self.arn, recovery_window_in_days=None, force_delete_without_recovery=True)

    return [CfnSecret]


def _bool(value):
    return str(value).lower() == "true"


@patch(8, "AWS::ApplicationAutoScaling::ScalableTarget/ScalingPolicy are not moto CloudFormation types: "
       "add them on moto's applicationautoscaling backend")
def patch_app_autoscaling_types():
    from moto.core.common_models import CloudFormationModel
    from moto.applicationautoscaling.models import applicationautoscaling_backends as backends

    class CfnScalableTarget(_AddedType, CloudFormationModel):
        SERVICE, TYPE = "applicationautoscaling", "AWS::ApplicationAutoScaling::ScalableTarget"

        def __init__(self, namespace, resource_id, dimension):
            self.namespace, self.resource_id, self.dimension = namespace, resource_id, dimension

        @property
        def physical_resource_id(self):
            return "%s|%s|%s" % (self.resource_id, self.dimension, self.namespace)

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name, **kwargs):
            p = cloudformation_json.get("Properties", {})
            backends[account_id][region_name].register_scalable_target(
                namespace=p["ServiceNamespace"], r_id=p["ResourceId"],
                dimension=p["ScalableDimension"], min_capacity=int(p["MinCapacity"]),
                max_capacity=int(p["MaxCapacity"]), role_arn=p.get("RoleARN"),
                suspended_state=p.get("SuspendedState"))
            return cls(p["ServiceNamespace"], p["ResourceId"], p["ScalableDimension"])

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name,
                                            cloudformation_json, account_id, region_name):
            return cls.create_from_cloudformation_json(  # register is an upsert
                new_resource_name, cloudformation_json, account_id, region_name)

        def delete(self, account_id, region_name):
            b = backends[account_id][region_name]
            if b._scalable_target_exists(self.resource_id, self.dimension):
                b.deregister_scalable_target(self.namespace, self.resource_id, self.dimension)

    class CfnScalingPolicy(_AddedType, CloudFormationModel):
        SERVICE, TYPE, NAME_TYPE = "applicationautoscaling", "AWS::ApplicationAutoScaling::ScalingPolicy", "PolicyName"
        ATTRIBUTES = {"Arn": "arn"}

        def __init__(self, name, namespace, resource_id, dimension, arn):
            self.name, self.namespace, self.resource_id = name, namespace, resource_id
            self.dimension, self.arn = dimension, arn

        @property
        def physical_resource_id(self):
            return self.arn

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name, **kwargs):
            p = cloudformation_json.get("Properties", {})
            if p.get("ScalingTargetId"):
                resource_id, dimension, namespace = p["ScalingTargetId"].split("|")
            else:
                resource_id, dimension, namespace = (
                    p["ResourceId"], p["ScalableDimension"], p["ServiceNamespace"])
            body = {k: p[k] for k in ("TargetTrackingScalingPolicyConfiguration",
                                      "StepScalingPolicyConfiguration") if k in p}
            policy = backends[account_id][region_name].put_scaling_policy(
                policy_name=p.get("PolicyName", resource_name), service_namespace=namespace,
                resource_id=resource_id, scalable_dimension=dimension, policy_body=body,
                policy_type=p.get("PolicyType"))
            return cls(policy.policy_name, namespace, resource_id, dimension, policy.policy_arn)

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name,
                                            cloudformation_json, account_id, region_name):
            return cls.create_from_cloudformation_json(  # put is an upsert
                original_resource.name, cloudformation_json, account_id, region_name)

        def delete(self, account_id, region_name):
            b = backends[account_id][region_name]
            try:
                b.delete_scaling_policy(self.name, self.namespace, self.resource_id, self.dimension)
            except Exception:
                pass  # already gone with its scalable target

    return [CfnScalableTarget, CfnScalingPolicy]


@patch(8, "AWS::EC2::SecurityGroupEgress is not a moto CloudFormation type (rule silently skipped): add it")
def patch_sg_egress_type():
    from moto.core.common_models import CloudFormationModel
    from moto.ec2.models import ec2_backends

    class CfnSecurityGroupEgress(_AddedType, CloudFormationModel):
        SERVICE, TYPE = "ec2", "AWS::EC2::SecurityGroupEgress"

        def __init__(self, args):
            self.args = args

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name, **kwargs):
            p = cloudformation_json.get("Properties", {})
            args = dict(group_name_or_id=p["GroupId"], ip_protocol=str(p["IpProtocol"]),
                        from_port=p.get("FromPort"), to_port=p.get("ToPort"),
                        ip_ranges=[{"CidrIp": p["CidrIp"]}] if p.get("CidrIp") else [],
                        source_groups=[{"GroupId": p["DestinationSecurityGroupId"]}]
                        if p.get("DestinationSecurityGroupId") else [])
            ec2_backends[account_id][region_name].authorize_security_group_egress(**args)
            return cls(args)

        def delete(self, account_id, region_name):
            try:
                ec2_backends[account_id][region_name].revoke_security_group_egress(**self.args)
            except Exception:
                pass  # the group itself may be gone already

    return [CfnSecurityGroupEgress]


@patch(8, "AWS::IAM::OIDCProvider is not a moto CloudFormation type (skipped, Ref -> None, so a role trusting it "
       "named no provider): add it on moto's IAM backend")
def patch_oidc_provider_type():
    from moto.core.common_models import CloudFormationModel
    from moto.iam.models import iam_backends
    from moto.utilities.utils import get_partition

    class CfnOidcProvider(_AddedType, CloudFormationModel):
        SERVICE, TYPE, NAME_TYPE, ATTRIBUTES = "iam", "AWS::IAM::OIDCProvider", "", {"Arn": "arn"}

        def __init__(self, arn):
            self.arn = arn

        @property
        def physical_resource_id(self):
            return self.arn  # Ref of a provider is its ARN

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name, **kwargs):
            props = cloudformation_json.get("Properties", {})
            backend = iam_backends[account_id][get_partition(region_name)]
            provider = backend.create_open_id_connect_provider(
                url=props["Url"], thumbprint_list=props.get("ThumbprintList") or [],
                client_id_list=props.get("ClientIdList") or [], tags=props.get("Tags") or [])
            return cls(provider.arn)

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name,
                                            cloudformation_json, account_id, region_name):
            return original_resource  # a new Url would be a replacement; goaws's stack never changes it

        def delete(self, account_id, region_name):
            iam_backends[account_id][get_partition(region_name)].delete_open_id_connect_provider(self.arn)

    return [CfnOidcProvider]


@patch(12, "AWS::EC2::SecurityGroup inline rules for all protocols (IpProtocol -1, no FromPort/ToPort, as the "
       "CDK writes a NAT instance's security group) raised KeyError 'FromPort' and the group was never created: "
       "read them as ports -1, as EC2 reports such rules")
def patch_sg_all_traffic_rules():
    from moto.ec2.models.security_groups import SecurityGroup
    original = SecurityGroup.create_from_cloudformation_json.__func__

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name,
                                        **kwargs):
        properties = dict(cloudformation_json.get("Properties", {}))
        properties["SecurityGroupIngress"] = [
            dict(rule, FromPort=rule.get("FromPort", -1), ToPort=rule.get("ToPort", -1))
            if str(rule.get("IpProtocol")) == "-1" else rule
            for rule in properties.get("SecurityGroupIngress", [])]
        return original(cls, resource_name, dict(cloudformation_json, Properties=properties), account_id,
                        region_name, **kwargs)

    SecurityGroup.create_from_cloudformation_json = create_from_cloudformation_json


@patch(13, "AWS::EC2::Instance ignored SecurityGroupIds (what the CDK writes; moto reads SecurityGroups) and "
       "SourceDestCheck, so a NAT instance ran in no security group and checked source/destination: apply both")
def patch_instance_groups():
    from moto.ec2.models.instances import Instance
    from moto.ec2.models import ec2_backends
    original = Instance.create_from_cloudformation_json.__func__

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name,
                                        **kwargs):
        properties = dict(cloudformation_json.get("Properties", {}))
        group_ids = properties.pop("SecurityGroupIds", None)
        instance = original(cls, resource_name, dict(cloudformation_json, Properties=properties), account_id,
                            region_name, **kwargs)
        backend = ec2_backends[account_id][region_name]
        if group_ids:
            groups = [backend.get_security_group_from_id(group_id) for group_id in group_ids]
            instance.security_groups = [g for g in groups if g is not None]
            for eni in instance.nics.values():
                eni._group_set = list(instance.security_groups)
        if "SourceDestCheck" in properties:
            instance.source_dest_check = _bool(properties["SourceDestCheck"])
        return instance

    Instance.create_from_cloudformation_json = create_from_cloudformation_json


@patch(14, "AWS::ECS::Service ignored LaunchType and NetworkConfiguration (every service read as EC2, without "
       "subnets, security groups or public IP): pass them to create_service as the API does")
def patch_service_network():
    from moto.core.utils import pascal_to_camelcase, remap_nested_keys
    from moto.ecs.models import Cluster, Service, TaskDefinition, ecs_backends

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name,
                                        **kwargs):
        properties = cloudformation_json["Properties"]
        cluster = properties["Cluster"]
        task_definition = properties["TaskDefinition"]
        network = properties.get("NetworkConfiguration")
        return ecs_backends[account_id][region_name].create_service(
            cluster.name if isinstance(cluster, Cluster) else cluster, resource_name,
            properties.get("DesiredCount"),
            task_definition_str=task_definition.family if isinstance(task_definition, TaskDefinition)
            else task_definition,
            launch_type=properties.get("LaunchType"),
            network_configuration=remap_nested_keys(network, pascal_to_camelcase) if network else None)

    Service.create_from_cloudformation_json = create_from_cloudformation_json


@patch(15, "AWS::ECS::Service ignored LoadBalancers (the service read back had no target group, so nothing "
       "said where its tasks register): keep them as the API does")
def patch_service_load_balancers():
    from moto.core.utils import pascal_to_camelcase, remap_nested_keys
    from moto.ecs.models import Service
    original = Service.create_from_cloudformation_json.__func__

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name,
                                        **kwargs):
        service = original(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        balancers = cloudformation_json["Properties"].get("LoadBalancers")
        if balancers:
            service.load_balancers = remap_nested_keys(balancers, pascal_to_camelcase)
        return service

    Service.create_from_cloudformation_json = create_from_cloudformation_json


@patch(16, "AWS::ECS::TaskDefinition from CloudFormation kept only family, containers, volumes and memory: "
       "Cpu, NetworkMode, RequiresCompatibilities, the roles and RuntimePlatform were dropped, so a Fargate task "
       "read back had no CPU size: register them as the API does")
def patch_task_definition_fields():
    from moto.core.utils import pascal_to_camelcase, remap_nested_keys
    from moto.ecs.models import TaskDefinition, ecs_backends

    def _text(value):
        return None if value is None else str(value)

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name,
                                        **kwargs):
        properties = cloudformation_json["Properties"]
        platform = properties.get("RuntimePlatform")
        return ecs_backends[account_id][region_name].register_task_definition(
            family=properties.get("Family", resource_name),
            container_definitions=remap_nested_keys(properties.get("ContainerDefinitions", []), pascal_to_camelcase),
            volumes=remap_nested_keys(properties.get("Volumes", []), pascal_to_camelcase),
            network_mode=properties.get("NetworkMode"),
            requires_compatibilities=properties.get("RequiresCompatibilities"),
            cpu=_text(properties.get("Cpu")),
            memory=_text(properties.get("Memory")),
            task_role_arn=properties.get("TaskRoleArn"),
            execution_role_arn=properties.get("ExecutionRoleArn"),
            runtime_platform=remap_nested_keys(platform, pascal_to_camelcase) if platform else None)

    TaskDefinition.create_from_cloudformation_json = create_from_cloudformation_json


@patch(17, "ECS services never reached their desired count (moto runs no tasks: running 0, rollout IN_PROGRESS), "
       "so a hotswap deploy waited for a stable service forever: report the desired count as running")
def patch_service_running_count():
    from moto.ecs.models import Service
    original = Service.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.running_count = self.desired_count or 0
        self.pending_count = 0
        for deployment in self.deployments:
            deployment.update(runningCount=self.running_count, pendingCount=0, rolloutState="COMPLETED",
                              rolloutStateReason="ECS deployment %s completed." % deployment.get("id"))

    Service.__init__ = __init__


# --------------------------------------------------------------------------- day-2 operations (run-task, exec)

@patch(22, "AWS::EC2::VPC ignored EnableDnsSupport and EnableDnsHostnames (the CDK turns both on), so a network "
       "interface in its subnets had no private DNS name and ECS RunTask there answered HTTP 500: apply them")
def patch_vpc_dns_attributes():
    from moto.ec2.models.vpcs import VPC
    original = VPC.create_from_cloudformation_json.__func__

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        vpc = original(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        properties = cloudformation_json["Properties"]
        if "EnableDnsSupport" in properties:
            vpc.enable_dns_support = _bool(properties["EnableDnsSupport"])
        if "EnableDnsHostnames" in properties:
            vpc.enable_dns_hostnames = _bool(properties["EnableDnsHostnames"])
        return vpc

    VPC.create_from_cloudformation_json = create_from_cloudformation_json


@patch(23, "ECS RunTask of a Fargate task definition with task-level memory only (what the CDK writes: no "
       "container-level memory) answered HTTP 500 (None added to an int): count a container without its own "
       "memory as 0, as Fargate sizes the task")
def patch_run_task_task_level_memory():
    from moto.ecs.models import EC2ContainerServiceBackend
    original = EC2ContainerServiceBackend._calculate_task_resource_requirements

    class _Sized:
        def __init__(self, definitions):
            self.container_definitions = definitions

    def calculate(task_definition):
        definitions = [dict(d) if any(k in d for k in ("memory", "memoryReservation", "Memory", "MemoryReservation"))
                       else dict(d, memory=0) for d in task_definition.container_definitions]
        return original(_Sized(definitions))

    EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(calculate)


@patch(24, "AWS::ECS::Service dropped EnableExecuteCommand (ECS Exec): the service read back without it, on create "
       "and on update: keep it as the API does")
def patch_service_execute_command():
    from moto.ecs.models import Service
    create = Service.create_from_cloudformation_json.__func__
    update = Service.update_from_cloudformation_json.__func__

    def keep(service, cloudformation_json):
        service.enable_execute_command = _bool(cloudformation_json["Properties"].get("EnableExecuteCommand", False))
        return service

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        return keep(create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs),
                    cloudformation_json)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id,
                                        region_name):
        return keep(update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name),
                    cloudformation_json)

    Service.create_from_cloudformation_json = create_from_cloudformation_json
    Service.update_from_cloudformation_json = update_from_cloudformation_json


@patch(25, "ECS ListTasks ignored serviceName: every task of the cluster (a one-off RunTask too) read as the "
       "service's: keep the tasks of the service's group (service:<name>), as ECS does")
def patch_list_tasks_service_name():
    from moto.ecs.models import EC2ContainerServiceBackend
    original = EC2ContainerServiceBackend.list_tasks

    def list_tasks(self, cluster_str=None, container_instance=None, family=None, started_by=None,
                   service_name=None, desiredStatus=None):
        tasks = original(self, cluster_str, container_instance, family, started_by, service_name, desiredStatus)
        if service_name:
            group = "service:" + service_name.split("/")[-1]
            tasks = [task for task in tasks if task.group == group]
        return tasks

    EC2ContainerServiceBackend.list_tasks = list_tasks


@patch(26, "A stack update that replaced the ECS task definition left the service on the old revision (moto "
       "updates only resources whose template text changed, and the service's Ref did not): update the service "
       "when the task definition its Ref names has changed, as CloudFormation does")
def patch_service_follows_task_definition():
    from moto.cloudformation.parsing import ResourceMap, clean_json
    from moto.ecs.models import Service, ecs_backends
    original = ResourceMap.update

    def task_definitions(resource_map):
        found = {}
        for logical, resource in list(resource_map._parsed_resources.items()):
            if isinstance(resource, Service):
                try:
                    found[logical] = (resource, clean_json(
                        resource_map._resource_json_map[logical]["Properties"].get("TaskDefinition"), resource_map))
                except Exception:  # an unresolvable property is the update's own business
                    pass
        return found

    def update(self, template, parameters=None):
        before = task_definitions(self)
        original(self, template, parameters)
        for logical, (service, arn) in task_definitions(self).items():
            if logical in before and before[logical][1] != arn and isinstance(arn, str):
                ecs_backends[self._account_id][self._region_name].update_service(
                    {"cluster": service.cluster_name, "service": service.name, "task_definition": arn})

    ResourceMap.update = update


# --------------------------------------------------------------------------- server

@patch(6, "Lambda-backed custom resources need Docker to run their Lambda; without it the stack stays "
       "CREATE_IN_PROGRESS forever: perform Custom::VpcRestrictDefaultSG's effect here, fail any other")
def patch_custom_resources():
    from moto.cloudformation import custom_model
    from moto.ec2 import ec2_backends
    original = custom_model.CustomModel.create_from_cloudformation_json.__func__

    def restrict_default_sg(properties, account_id, region_name):
        # What the CDK's handler does: revoke every rule of the VPC's default security group.
        group = ec2_backends[account_id][region_name].get_security_group_from_id(
            properties["DefaultSecurityGroupId"])
        if group is not None:
            group.ingress_rules[:] = []
            group.egress_rules[:] = []

    emulated = {"Custom::VpcRestrictDefaultSG": restrict_default_sg}

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id,
                                        region_name, **kwargs):
        resource_type = kwargs.get("ResourceType")
        effect = emulated.get(resource_type)
        if effect is None:
            if _docker_available():
                return original(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
            raise ValueError("goaws-moto: %s is a Lambda-backed custom resource; moto runs Lambda only with "
                             "Docker, which is not available here" % resource_type)
        effect(cloudformation_json["Properties"], account_id, region_name)
        print("goaws-moto: emulated %s %s (its Lambda needs Docker)" % (resource_type, kwargs.get("LogicalId")),
              file=sys.stderr, flush=True)
        resource = custom_model.CustomModel(region_name, "goaws-emulated", kwargs["LogicalId"], resource_name)
        resource.set_data({})
        return resource

    custom_model.CustomModel.create_from_cloudformation_json = create_from_cloudformation_json


def _docker_available():
    import os
    return os.path.exists("/var/run/docker.sock") or bool(os.environ.get("DOCKER_HOST"))


def apply_patches():
    # Import the modules first so every CloudFormationModel subclass exists, then patch.
    import moto.cloudformation.parsing as parsing
    new_models = []
    for number, gap, fn in PATCHES:
        new_models.extend(fn() or [])
    for cache in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cache.cache_clear()
    types = parsing.get_model_map()
    for model in new_models:
        assert types.get(model.cloudformation_type()) is model, model
    return len(PATCHES)


# DynamoDB operations that never change data: every other DynamoDB request counts as a possible change.
_READ_ONLY_DYNAMODB = {"GetItem", "BatchGetItem", "Query", "Scan", "DescribeTable", "ListTables",
                       "DescribeTimeToLive", "DescribeContinuousBackups", "ListTagsOfResource",
                       "DescribeEndpoints", "DescribeLimits", "ListBackups", "DescribeBackup",
                       "DescribeKinesisStreamingDestination", "DescribeTableReplicaAutoScaling",
                       "ListGlobalTables", "DescribeGlobalTable", "ListExports", "DescribeExport",
                       "ListImports", "DescribeImport", "ListContributorInsights",
                       "DescribeContributorInsights", "GetResourcePolicy"}


class ChangeCounter:
    """WSGI middleware: counts completed DynamoDB requests that may change data and answers
    GET /_goaws/changes with the count. Counted after the request is answered, so a reader that
    takes the count before it scans never misses a change: a write it did not see raises the count."""

    PATH = "/_goaws/changes"

    def __init__(self, app):
        self.app = app
        self.changes = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == self.PATH and environ.get("REQUEST_METHOD") == "GET":
            with self.lock:
                body = json.dumps({"dynamodb": self.changes}).encode("utf-8")
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        counts = target.startswith("DynamoDB_") and target.rsplit(".", 1)[-1] not in _READ_ONLY_DYNAMODB
        try:
            return self.app(environ, start_response)
        finally:
            if counts:
                with self.lock:
                    self.changes += 1


def say(line):
    """A line on stdout that never fails: when the parent that read it is gone (killed), stdout is a broken
    pipe, and an exception here would end the thread that was about to stop the server."""
    try:
        print(line, flush=True)
    except (BrokenPipeError, OSError):
        import os
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # and no error again when Python flushes at exit
        except OSError:
            pass


class LocalClientsOnly:
    """WSGI guard in front of moto: the emulator serves this machine's tools (the cdk CLI, the SDKs, the AWS CLI),
    never a web page in this machine's browser. moto checks neither signatures nor the Host header, so without it
    any page could read the emulated secrets and table, reset the emulator, or register a task definition that
    goaws:up then runs with host networking.

    Refused with 403: a Host other than 127.0.0.1:PORT or localhost:PORT (a DNS-rebound name such as
    evil.example), and any request a browser marks as coming from a page: an Origin header (fetch, forms, CORS
    preflights) or a Sec-Fetch-* header (every current browser sends them, also for <img> and navigations; page
    scripts cannot set them). No SDK or CLI sends either."""

    def __init__(self, app):
        self.app = app
        self.hosts = set()

    def listening_on(self, port):
        self.hosts = {"127.0.0.1:%d" % port, "localhost:%d" % port}
        if port == 80:
            self.hosts |= {"127.0.0.1", "localhost"}

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST", "").lower()
        if host not in self.hosts:
            return self.refuse(environ, start_response, "Host %r is not this emulator's address (%s)"
                               % (host, " or ".join(sorted(self.hosts))))
        browser = [name for name in environ if name == "HTTP_ORIGIN" or name.startswith("HTTP_SEC_FETCH_")]
        if browser:
            return self.refuse(environ, start_response, "a browser's request (%s): the emulator serves local "
                               "tools, not web pages" % ", ".join(sorted(h[5:].replace("_", "-").title()
                                                                          for h in browser)))
        return self.app(environ, start_response)

    @staticmethod
    def refuse(environ, start_response, why):
        print("goaws-moto refused %s %r: %s" % (environ.get("REQUEST_METHOD", "?"), environ.get("PATH_INFO", ""),
                                                why), flush=True)
        body = ("goaws-moto refused this request: %s.\n" % why).encode("utf-8")
        start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8"),
                                         ("Content-Length", str(len(body)))])
        return [body]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566)
    parser.add_argument("--no-patches", action="store_true",
                        help="plain moto (to reproduce the gaps)")
    parser.add_argument("--list-patches", action="store_true")
    parser.add_argument("--exit-with-parent", action="store_true",
                        help="stop when the process that started this one goes away (no orphan servers)")
    args = parser.parse_args(argv)
    if args.list_patches:
        for number, gap, fn in sorted(PATCHES, key=lambda p: p[0]):  # stable: code order within a gap
            print("%2d %s: %s" % (number, fn.__name__, gap))
        return 0

    import os
    # Before moto is imported (it reads its settings once): no Access-Control-Allow-Origin: * on every answer.
    os.environ["MOTO_DISABLE_GLOBAL_CORS"] = "true"
    version = check_moto_version()
    os.environ.setdefault("MOTO_PORT", str(args.port))  # as moto.server does (custom resources)
    count = 0 if args.no_patches else apply_patches()

    from werkzeug.serving import WSGIRequestHandler, make_server
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    class ErrorsOnlyHandler(WSGIRequestHandler):
        """One line per failed request, none per answered one: goaws polls /_goaws/changes every few
        seconds, and the last lines quoted when the emulator dies should be its errors."""

        def log_request(self, code="-", size="-"):
            try:
                failed = int(getattr(code, "value", code)) >= 500
            except (TypeError, ValueError):
                failed = True
            if failed:
                super().log_request(code, size)

    # the guard outermost: a page may not read the change count either
    app = LocalClientsOnly(ChangeCounter(DomainDispatcherApplication(create_backend_app)))
    try:
        server = make_server(args.host, args.port, app, threaded=True, request_handler=ErrorsOnlyHandler)
    except OSError as e:
        print("goaws-moto: cannot listen on %s:%s: %s" % (args.host, args.port, e),
              file=sys.stderr, flush=True)
        return 1
    app.listening_on(server.server_port)

    # do not wait for idle keep-alive connections on shutdown
    server.daemon_threads = True
    server.block_on_close = False

    def stop(signum, frame):
        # shutdown() waits for serve_forever to return, so never call it on that thread; and start it before
        # saying so: after a parent's death stdout may be a broken pipe
        threading.Thread(target=server.shutdown, daemon=True).start()
        say("goaws-moto stopping (signal %d)" % signum)

    signal.signal(signal.SIGTERM, stop)
    if args.exit_with_parent:
        # Ctrl-C reaches the parent too, which saves the table from this emulator before it stops it
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        parent = os.getppid()

        def watch_parent():
            import time
            while os.getppid() == parent:  # reparented (to init or a subreaper) once the parent is gone
                time.sleep(0.5)
            say("goaws-moto: the process that started it (pid %d) is gone" % parent)
            stop(signal.SIGTERM, None)

        threading.Thread(target=watch_parent, daemon=True).start()
    else:
        signal.signal(signal.SIGINT, stop)
    say("goaws-moto ready http://%s:%d (moto %s, %d patches)"
        % (args.host, server.server_port, version, count))
    try:
        server.serve_forever()
    finally:
        server.server_close()
    say("goaws-moto stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
