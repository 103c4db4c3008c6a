""" Contains all the data models used in inputs/outputs """

from .account_in_request import AccountInRequest
from .account_legal_out import AccountLegalOut
from .account_out import AccountOut
from .account_suspensions_out import AccountSuspensionsOut
from .adopt_in_request import AdoptInRequest
from .adopt_item_in_request import AdoptItemInRequest
from .adopt_out import AdoptOut
from .adopt_out_adopted_item import AdoptOutAdoptedItem
from .adopt_out_unchanged_item import AdoptOutUnchangedItem
from .adoptable_out import AdoptableOut
from .agent_change_in_request import AgentChangeInRequest
from .agent_in_request import AgentInRequest
from .agent_out import AgentOut
from .aggregation_enum import AggregationEnum
from .attach_in_request import AttachInRequest
from .audit_out import AuditOut
from .authority_reply_out import AuthorityReplyOut
from .autopay_in_request import AutopayInRequest
from .autopay_out import AutopayOut
from .balance_line_out import BalanceLineOut
from .balance_out import BalanceOut
from .bank_import_in_request import BankImportInRequest
from .bank_import_out import BankImportOut
from .bank_line_match_in_request import BankLineMatchInRequest
from .bank_line_out import BankLineOut
from .bank_statement_detail_out import BankStatementDetailOut
from .bank_statement_in_request import BankStatementInRequest
from .bank_statement_line_out import BankStatementLineOut
from .bank_statement_line_out_status_enum import BankStatementLineOutStatusEnum
from .bank_statement_out import BankStatementOut
from .bank_statement_upload_in_request import BankStatementUploadInRequest
from .bank_suggestion_out import BankSuggestionOut
from .bank_suggestion_out_status_enum import BankSuggestionOutStatusEnum
from .base_enum import BaseEnum
from .bill_run_in_request import BillRunInRequest
from .bill_run_out import BillRunOut
from .bill_run_out_status_enum import BillRunOutStatusEnum
from .billing_settings_out import BillingSettingsOut
from .billing_timing_enum import BillingTimingEnum
from .blank_enum import BlankEnum
from .branding_out import BrandingOut
from .bucket_enum import BucketEnum
from .bucket_out import BucketOut
from .camera_history_out import CameraHistoryOut
from .camera_in_request import CameraInRequest
from .camera_out import CameraOut
from .camera_status_enum import CameraStatusEnum
from .card_complete_in_request import CardCompleteInRequest
from .card_complete_out import CardCompleteOut
from .card_session_in_request import CardSessionInRequest
from .card_setup_out import CardSetupOut
from .cfdi_use_enum import CfdiUseEnum
from .charge_in_request import ChargeInRequest
from .charge_out import ChargeOut
from .checkout_session_out import CheckoutSessionOut
from .checkout_session_out_status_enum import CheckoutSessionOutStatusEnum
from .cloud_in_request import CloudInRequest
from .cloud_legal_out import CloudLegalOut
from .cloud_out import CloudOut
from .cloud_service_price_in_request import CloudServicePriceInRequest
from .cloud_service_price_out import CloudServicePriceOut
from .cloud_tariff_in_request import CloudTariffInRequest
from .cloud_tariff_out import CloudTariffOut
from .clouds_accounts_list_status import CloudsAccountsListStatus
from .clouds_accounts_referral_agent_update_response_200 import CloudsAccountsReferralAgentUpdateResponse200
from .clouds_agents_statements_list_format import CloudsAgentsStatementsListFormat
from .clouds_agents_statements_list_lang import CloudsAgentsStatementsListLang
from .clouds_bank_lines_list_status import CloudsBankLinesListStatus
from .clouds_cameras_list_status import CloudsCamerasListStatus
from .clouds_charges_export_retrieve_output import CloudsChargesExportRetrieveOutput
from .clouds_charges_export_retrieve_response_200_item import CloudsChargesExportRetrieveResponse200Item
from .clouds_charges_import_create_response_200 import CloudsChargesImportCreateResponse200
from .clouds_collections_retrieve_bucket import CloudsCollectionsRetrieveBucket
from .clouds_commission_recompute_create_response_200 import CloudsCommissionRecomputeCreateResponse200
from .clouds_intake_agent_csv_create_response_200 import CloudsIntakeAgentCsvCreateResponse200
from .clouds_invoices_list_kind import CloudsInvoicesListKind
from .clouds_invoices_list_status import CloudsInvoicesListStatus
from .clouds_invoices_pdf_retrieve_format import CloudsInvoicesPdfRetrieveFormat
from .clouds_list_status import CloudsListStatus
from .clouds_notifications_list_status import CloudsNotificationsListStatus
from .clouds_payouts_due_list_format import CloudsPayoutsDueListFormat
from .clouds_reports_usage_list_format import CloudsReportsUsageListFormat
from .clouds_usage_csv_create_files_body import CloudsUsageCsvCreateFilesBody
from .clouds_watcher_connection_check_create_response_200 import CloudsWatcherConnectionCheckCreateResponse200
from .clouds_watcher_import_create_response_200 import CloudsWatcherImportCreateResponse200
from .clouds_watcher_import_plan_retrieve_response_200 import CloudsWatcherImportPlanRetrieveResponse200
from .clouds_watcher_poll_create_response_200 import CloudsWatcherPollCreateResponse200
from .clouds_watcher_push_create_response_200 import CloudsWatcherPushCreateResponse200
from .clouds_watcher_pushes_list_status import CloudsWatcherPushesListStatus
from .co_cloud import CoCloud
from .co_cloud_request import CoCloudRequest
from .co_issuer import CoIssuer
from .co_issuer_request import CoIssuerRequest
from .co_receiver import CoReceiver
from .co_receiver_request import CoReceiverRequest
from .collections_account_out import CollectionsAccountOut
from .collections_out import CollectionsOut
from .component_in_request import ComponentInRequest
from .component_out import ComponentOut
from .connection_in_request import ConnectionInRequest
from .connection_out import ConnectionOut
from .contacts_in_request import ContactsInRequest
from .contacts_out import ContactsOut
from .coupon_in_request import CouponInRequest
from .coupon_out import CouponOut
from .credential_out import CredentialOut
from .credential_upload_in_request import CredentialUploadInRequest
from .credit_line_in_request import CreditLineInRequest
from .credit_note_in_request import CreditNoteInRequest
from .credit_note_line_out import CreditNoteLineOut
from .credit_note_out import CreditNoteOut
from .creditable_out import CreditableOut
from .csv_ingest_out import CSVIngestOut
from .delivery_out import DeliveryOut
from .device_out import DeviceOut
from .dian_resolution import DianResolution
from .dian_resolution_request import DianResolutionRequest
from .discount_in_request import DiscountInRequest
from .discount_kind_enum import DiscountKindEnum
from .discount_out import DiscountOut
from .dismiss_in_request import DismissInRequest
from .document_enum import DocumentEnum
from .due_payout_out import DuePayoutOut
from .dunning_event_out import DunningEventOut
from .dunning_in_request import DunningInRequest
from .dunning_policy_out import DunningPolicyOut
from .dunning_run_out import DunningRunOut
from .duration_enum import DurationEnum
from .e_invoice_document_out import EInvoiceDocumentOut
from .e_invoice_document_out_status_enum import EInvoiceDocumentOutStatusEnum
from .endpoint_created_out import EndpointCreatedOut
from .endpoint_in_request import EndpointInRequest
from .endpoint_out import EndpointOut
from .error import Error
from .error_fields import ErrorFields
from .es_verifactu_cloud import EsVerifactuCloud
from .es_verifactu_cloud_request import EsVerifactuCloudRequest
from .es_verifactu_issuer import EsVerifactuIssuer
from .es_verifactu_issuer_request import EsVerifactuIssuerRequest
from .es_verifactu_receiver import EsVerifactuReceiver
from .es_verifactu_receiver_request import EsVerifactuReceiverRequest
from .eu_facturx_cloud import EuFacturxCloud
from .eu_facturx_cloud_request import EuFacturxCloudRequest
from .eu_facturx_issuer import EuFacturxIssuer
from .eu_facturx_issuer_request import EuFacturxIssuerRequest
from .eu_facturx_receiver import EuFacturxReceiver
from .eu_facturx_receiver_request import EuFacturxReceiverRequest
from .eu_peppol_cloud import EuPeppolCloud
from .eu_peppol_cloud_request import EuPeppolCloudRequest
from .eu_peppol_issuer import EuPeppolIssuer
from .eu_peppol_issuer_request import EuPeppolIssuerRequest
from .eu_peppol_receiver import EuPeppolReceiver
from .eu_peppol_receiver_request import EuPeppolReceiverRequest
from .event_out import EventOut
from .events_create_json_body import EventsCreateJsonBody
from .events_create_json_body_data import EventsCreateJsonBodyData
from .events_create_json_body_item import EventsCreateJsonBodyItem
from .events_create_json_body_item_data import EventsCreateJsonBodyItemData
from .events_create_json_body_item_specversion import EventsCreateJsonBodyItemSpecversion
from .events_create_json_body_specversion import EventsCreateJsonBodySpecversion
from .events_create_json_body_type_0 import EventsCreateJsonBodyType0
from .events_create_json_body_type_0_data import EventsCreateJsonBodyType0Data
from .events_create_json_body_type_0_specversion import EventsCreateJsonBodyType0Specversion
from .events_create_json_body_type_1_item import EventsCreateJsonBodyType1Item
from .events_create_json_body_type_1_item_data import EventsCreateJsonBodyType1ItemData
from .events_create_json_body_type_1_item_specversion import EventsCreateJsonBodyType1ItemSpecversion
from .events_enum import EventsEnum
from .export_in_request import ExportInRequest
from .export_in_request_params import ExportInRequestParams
from .export_kind_enum import ExportKindEnum
from .export_out import ExportOut
from .export_out_params import ExportOutParams
from .export_out_status_enum import ExportOutStatusEnum
from .format_enum import FormatEnum
from .gateway_in_request import GatewayInRequest
from .gateway_out import GatewayOut
from .id_type_enum import IdTypeEnum
from .import_apply_in_request import ImportApplyInRequest
from .invoice_detail_out import InvoiceDetailOut
from .invoice_kind_enum import InvoiceKindEnum
from .invoice_out import InvoiceOut
from .invoice_status_enum import InvoiceStatusEnum
from .issue_in_request import IssueInRequest
from .issue_job_out import IssueJobOut
from .issue_job_out_status_enum import IssueJobOutStatusEnum
from .issuer_legal_out import IssuerLegalOut
from .language_enum import LanguageEnum
from .late_item_out import LateItemOut
from .late_settle_in_request import LateSettleInRequest
from .late_usage_policy_enum import LateUsagePolicyEnum
from .ledger_account_out import LedgerAccountOut
from .ledger_out import LedgerOut
from .ledger_out_balances import LedgerOutBalances
from .lifecycle_status_enum import LifecycleStatusEnum
from .line_out import LineOut
from .line_out_kind_enum import LineOutKindEnum
from .logo_in_request import LogoInRequest
from .logo_out import LogoOut
from .message_detail_out import MessageDetailOut
from .message_out import MessageOut
from .meter_check_in_request import MeterCheckInRequest
from .meter_check_out import MeterCheckOut
from .meter_in_request import MeterInRequest
from .meter_out import MeterOut
from .metered_extra_in_request import MeteredExtraInRequest
from .metered_extra_out import MeteredExtraOut
from .method_enum import MethodEnum
from .mode_enum import ModeEnum
from .move_in_request import MoveInRequest
from .mx_cloud import MxCloud
from .mx_cloud_request import MxCloudRequest
from .mx_issuer import MxIssuer
from .mx_issuer_request import MxIssuerRequest
from .mx_receiver import MxReceiver
from .mx_receiver_request import MxReceiverRequest
from .new_account_in_request import NewAccountInRequest
from .next_step_out import NextStepOut
from .no_regime import NoRegime
from .no_regime_request import NoRegimeRequest
from .owner_enum import OwnerEnum
from .pac_enum import PacEnum
from .paginated_account_out_list import PaginatedAccountOutList
from .paginated_agent_out_list import PaginatedAgentOutList
from .paginated_audit_out_list import PaginatedAuditOutList
from .paginated_bank_statement_line_out_list import PaginatedBankStatementLineOutList
from .paginated_bank_statement_out_list import PaginatedBankStatementOutList
from .paginated_bill_run_out_list import PaginatedBillRunOutList
from .paginated_camera_out_list import PaginatedCameraOutList
from .paginated_charge_out_list import PaginatedChargeOutList
from .paginated_cloud_out_list import PaginatedCloudOutList
from .paginated_cloud_tariff_out_list import PaginatedCloudTariffOutList
from .paginated_coupon_out_list import PaginatedCouponOutList
from .paginated_credential_out_list import PaginatedCredentialOutList
from .paginated_delivery_out_list import PaginatedDeliveryOutList
from .paginated_device_out_list import PaginatedDeviceOutList
from .paginated_discount_out_list import PaginatedDiscountOutList
from .paginated_e_invoice_document_out_list import PaginatedEInvoiceDocumentOutList
from .paginated_event_out_list import PaginatedEventOutList
from .paginated_export_out_list import PaginatedExportOutList
from .paginated_invoice_out_list import PaginatedInvoiceOutList
from .paginated_late_item_out_list import PaginatedLateItemOutList
from .paginated_message_out_list import PaginatedMessageOutList
from .paginated_meter_out_list import PaginatedMeterOutList
from .paginated_payment_out_list import PaginatedPaymentOutList
from .paginated_payout_out_list import PaginatedPayoutOutList
from .paginated_product_out_list import PaginatedProductOutList
from .paginated_push_out_list import PaginatedPushOutList
from .paginated_service_out_list import PaginatedServiceOutList
from .paginated_suspension_queue_out_list import PaginatedSuspensionQueueOutList
from .paginated_tariff_out_list import PaginatedTariffOutList
from .paginated_token_out_list import PaginatedTokenOutList
from .paginated_user_out_list import PaginatedUserOutList
from .paginated_wholesale_payment_out_list import PaginatedWholesalePaymentOutList
from .password_reset_out import PasswordResetOut
from .patched_account_legal_patch_in_request import PatchedAccountLegalPatchInRequest
from .patched_account_patch_in_request import PatchedAccountPatchInRequest
from .patched_agent_patch_in_request import PatchedAgentPatchInRequest
from .patched_billing_settings_patch_in_request import PatchedBillingSettingsPatchInRequest
from .patched_branding_patch_in_request import PatchedBrandingPatchInRequest
from .patched_camera_patch_in_request import PatchedCameraPatchInRequest
from .patched_cloud_legal_patch_in_request import PatchedCloudLegalPatchInRequest
from .patched_cloud_patch_in_request import PatchedCloudPatchInRequest
from .patched_endpoint_patch_request import PatchedEndpointPatchRequest
from .patched_gateway_in_request import PatchedGatewayInRequest
from .patched_meter_patch_in_request import PatchedMeterPatchInRequest
from .patched_product_update_in_request import PatchedProductUpdateInRequest
from .patched_provider_gateway_in_request import PatchedProviderGatewayInRequest
from .patched_provider_legal_patch_in_request import PatchedProviderLegalPatchInRequest
from .patched_service_patch_in_request import PatchedServicePatchInRequest
from .patched_tariff_patch_in_request import PatchedTariffPatchInRequest
from .patched_user_patch_in_request import PatchedUserPatchInRequest
from .payment_in_request import PaymentInRequest
from .payment_out import PaymentOut
from .payment_out_allocations_item import PaymentOutAllocationsItem
from .payment_session_in_request import PaymentSessionInRequest
from .payout_in_request import PayoutInRequest
from .payout_out import PayoutOut
from .period_out import PeriodOut
from .person_type_enum import PersonTypeEnum
from .preview_comparison_out import PreviewComparisonOut
from .preview_side_out import PreviewSideOut
from .product_in_request import ProductInRequest
from .product_out import ProductOut
from .programme_in_request import ProgrammeInRequest
from .programme_in_request_levels import ProgrammeInRequestLevels
from .programme_out import ProgrammeOut
from .programme_out_levels import ProgrammeOutLevels
from .proration_enum import ProrationEnum
from .provider_bank_lines_list_status import ProviderBankLinesListStatus
from .provider_gateway_in_request import ProviderGatewayInRequest
from .provider_gateway_out import ProviderGatewayOut
from .provider_gateway_out_source_enum import ProviderGatewayOutSourceEnum
from .provider_legal_out import ProviderLegalOut
from .provider_tariff_in_request import ProviderTariffInRequest
from .push_out import PushOut
from .push_out_status_enum import PushOutStatusEnum
from .recompute_in_request import RecomputeInRequest
from .redeem_in_request import RedeemInRequest
from .redemption_out import RedemptionOut
from .redemption_out_source_enum import RedemptionOutSourceEnum
from .refund_in_request import RefundInRequest
from .remind_in_request import RemindInRequest
from .remind_out import RemindOut
from .reminder_out import ReminderOut
from .reminder_out_status_enum import ReminderOutStatusEnum
from .retail_or_wholesale_enum import RetailOrWholesaleEnum
from .role_enum import RoleEnum
from .saved_card_out import SavedCardOut
from .self_service_change_in_request import SelfServiceChangeInRequest
from .self_service_tariff_out import SelfServiceTariffOut
from .service_in_request import ServiceInRequest
from .service_kind_enum import ServiceKindEnum
from .service_out import ServiceOut
from .service_price_in_request import ServicePriceInRequest
from .service_price_out import ServicePriceOut
from .service_price_set_in_request import ServicePriceSetInRequest
from .services_list_kind import ServicesListKind
from .session_complete_in_request import SessionCompleteInRequest
from .signup_in_request import SignupInRequest
from .signup_out import SignupOut
from .statement_account_out import StatementAccountOut
from .statement_downline_out import StatementDownlineOut
from .statement_level_out import StatementLevelOut
from .statement_out import StatementOut
from .statement_out_status_enum import StatementOutStatusEnum
from .statement_payout_out import StatementPayoutOut
from .suspend_mode_enum import SuspendModeEnum
from .suspended_days_enum import SuspendedDaysEnum
from .suspension_done_out import SuspensionDoneOut
from .suspension_in_request import SuspensionInRequest
from .suspension_mode_enum import SuspensionModeEnum
from .suspension_out import SuspensionOut
from .suspension_queue_out import SuspensionQueueOut
from .tariff_change_in_request import TariffChangeInRequest
from .tariff_change_preview_out import TariffChangePreviewOut
from .tariff_out import TariffOut
from .tariff_period_in_request import TariffPeriodInRequest
from .tax_regime_enum import TaxRegimeEnum
from .tax_responsibilities_enum import TaxResponsibilitiesEnum
from .tax_scheme_enum import TaxSchemeEnum
from .token_created_out import TokenCreatedOut
from .token_in_request import TokenInRequest
from .token_out import TokenOut
from .two_factor_reset_out import TwoFactorResetOut
from .usage_report_out import UsageReportOut
from .usage_report_out_accounts_item import UsageReportOutAccountsItem
from .usage_report_out_tariffs_item import UsageReportOutTariffsItem
from .usage_report_out_totals import UsageReportOutTotals
from .usage_report_out_wholesale_metered_item import UsageReportOutWholesaleMeteredItem
from .user_in_request import UserInRequest
from .user_out import UserOut
from .users_list_role import UsersListRole
from .void_in_request import VoidInRequest
from .wholesale_balance_out import WholesaleBalanceOut
from .wholesale_open_invoice_out import WholesaleOpenInvoiceOut
from .wholesale_payment_in_request import WholesalePaymentInRequest
from .wholesale_payment_out import WholesalePaymentOut
from .wholesale_payment_out_allocations_item import WholesalePaymentOutAllocationsItem
from .wholesale_session_in_request import WholesaleSessionInRequest

__all__ = (
    "AccountInRequest",
    "AccountLegalOut",
    "AccountOut",
    "AccountSuspensionsOut",
    "AdoptableOut",
    "AdoptInRequest",
    "AdoptItemInRequest",
    "AdoptOut",
    "AdoptOutAdoptedItem",
    "AdoptOutUnchangedItem",
    "AgentChangeInRequest",
    "AgentInRequest",
    "AgentOut",
    "AggregationEnum",
    "AttachInRequest",
    "AuditOut",
    "AuthorityReplyOut",
    "AutopayInRequest",
    "AutopayOut",
    "BalanceLineOut",
    "BalanceOut",
    "BankImportInRequest",
    "BankImportOut",
    "BankLineMatchInRequest",
    "BankLineOut",
    "BankStatementDetailOut",
    "BankStatementInRequest",
    "BankStatementLineOut",
    "BankStatementLineOutStatusEnum",
    "BankStatementOut",
    "BankStatementUploadInRequest",
    "BankSuggestionOut",
    "BankSuggestionOutStatusEnum",
    "BaseEnum",
    "BillingSettingsOut",
    "BillingTimingEnum",
    "BillRunInRequest",
    "BillRunOut",
    "BillRunOutStatusEnum",
    "BlankEnum",
    "BrandingOut",
    "BucketEnum",
    "BucketOut",
    "CameraHistoryOut",
    "CameraInRequest",
    "CameraOut",
    "CameraStatusEnum",
    "CardCompleteInRequest",
    "CardCompleteOut",
    "CardSessionInRequest",
    "CardSetupOut",
    "CfdiUseEnum",
    "ChargeInRequest",
    "ChargeOut",
    "CheckoutSessionOut",
    "CheckoutSessionOutStatusEnum",
    "CloudInRequest",
    "CloudLegalOut",
    "CloudOut",
    "CloudsAccountsListStatus",
    "CloudsAccountsReferralAgentUpdateResponse200",
    "CloudsAgentsStatementsListFormat",
    "CloudsAgentsStatementsListLang",
    "CloudsBankLinesListStatus",
    "CloudsCamerasListStatus",
    "CloudsChargesExportRetrieveOutput",
    "CloudsChargesExportRetrieveResponse200Item",
    "CloudsChargesImportCreateResponse200",
    "CloudsCollectionsRetrieveBucket",
    "CloudsCommissionRecomputeCreateResponse200",
    "CloudServicePriceInRequest",
    "CloudServicePriceOut",
    "CloudsIntakeAgentCsvCreateResponse200",
    "CloudsInvoicesListKind",
    "CloudsInvoicesListStatus",
    "CloudsInvoicesPdfRetrieveFormat",
    "CloudsListStatus",
    "CloudsNotificationsListStatus",
    "CloudsPayoutsDueListFormat",
    "CloudsReportsUsageListFormat",
    "CloudsUsageCsvCreateFilesBody",
    "CloudsWatcherConnectionCheckCreateResponse200",
    "CloudsWatcherImportCreateResponse200",
    "CloudsWatcherImportPlanRetrieveResponse200",
    "CloudsWatcherPollCreateResponse200",
    "CloudsWatcherPushCreateResponse200",
    "CloudsWatcherPushesListStatus",
    "CloudTariffInRequest",
    "CloudTariffOut",
    "CoCloud",
    "CoCloudRequest",
    "CoIssuer",
    "CoIssuerRequest",
    "CollectionsAccountOut",
    "CollectionsOut",
    "ComponentInRequest",
    "ComponentOut",
    "ConnectionInRequest",
    "ConnectionOut",
    "ContactsInRequest",
    "ContactsOut",
    "CoReceiver",
    "CoReceiverRequest",
    "CouponInRequest",
    "CouponOut",
    "CredentialOut",
    "CredentialUploadInRequest",
    "CreditableOut",
    "CreditLineInRequest",
    "CreditNoteInRequest",
    "CreditNoteLineOut",
    "CreditNoteOut",
    "CSVIngestOut",
    "DeliveryOut",
    "DeviceOut",
    "DianResolution",
    "DianResolutionRequest",
    "DiscountInRequest",
    "DiscountKindEnum",
    "DiscountOut",
    "DismissInRequest",
    "DocumentEnum",
    "DuePayoutOut",
    "DunningEventOut",
    "DunningInRequest",
    "DunningPolicyOut",
    "DunningRunOut",
    "DurationEnum",
    "EInvoiceDocumentOut",
    "EInvoiceDocumentOutStatusEnum",
    "EndpointCreatedOut",
    "EndpointInRequest",
    "EndpointOut",
    "Error",
    "ErrorFields",
    "EsVerifactuCloud",
    "EsVerifactuCloudRequest",
    "EsVerifactuIssuer",
    "EsVerifactuIssuerRequest",
    "EsVerifactuReceiver",
    "EsVerifactuReceiverRequest",
    "EuFacturxCloud",
    "EuFacturxCloudRequest",
    "EuFacturxIssuer",
    "EuFacturxIssuerRequest",
    "EuFacturxReceiver",
    "EuFacturxReceiverRequest",
    "EuPeppolCloud",
    "EuPeppolCloudRequest",
    "EuPeppolIssuer",
    "EuPeppolIssuerRequest",
    "EuPeppolReceiver",
    "EuPeppolReceiverRequest",
    "EventOut",
    "EventsCreateJsonBody",
    "EventsCreateJsonBodyData",
    "EventsCreateJsonBodyItem",
    "EventsCreateJsonBodyItemData",
    "EventsCreateJsonBodyItemSpecversion",
    "EventsCreateJsonBodySpecversion",
    "EventsCreateJsonBodyType0",
    "EventsCreateJsonBodyType0Data",
    "EventsCreateJsonBodyType0Specversion",
    "EventsCreateJsonBodyType1Item",
    "EventsCreateJsonBodyType1ItemData",
    "EventsCreateJsonBodyType1ItemSpecversion",
    "EventsEnum",
    "ExportInRequest",
    "ExportInRequestParams",
    "ExportKindEnum",
    "ExportOut",
    "ExportOutParams",
    "ExportOutStatusEnum",
    "FormatEnum",
    "GatewayInRequest",
    "GatewayOut",
    "IdTypeEnum",
    "ImportApplyInRequest",
    "InvoiceDetailOut",
    "InvoiceKindEnum",
    "InvoiceOut",
    "InvoiceStatusEnum",
    "IssueInRequest",
    "IssueJobOut",
    "IssueJobOutStatusEnum",
    "IssuerLegalOut",
    "LanguageEnum",
    "LateItemOut",
    "LateSettleInRequest",
    "LateUsagePolicyEnum",
    "LedgerAccountOut",
    "LedgerOut",
    "LedgerOutBalances",
    "LifecycleStatusEnum",
    "LineOut",
    "LineOutKindEnum",
    "LogoInRequest",
    "LogoOut",
    "MessageDetailOut",
    "MessageOut",
    "MeterCheckInRequest",
    "MeterCheckOut",
    "MeteredExtraInRequest",
    "MeteredExtraOut",
    "MeterInRequest",
    "MeterOut",
    "MethodEnum",
    "ModeEnum",
    "MoveInRequest",
    "MxCloud",
    "MxCloudRequest",
    "MxIssuer",
    "MxIssuerRequest",
    "MxReceiver",
    "MxReceiverRequest",
    "NewAccountInRequest",
    "NextStepOut",
    "NoRegime",
    "NoRegimeRequest",
    "OwnerEnum",
    "PacEnum",
    "PaginatedAccountOutList",
    "PaginatedAgentOutList",
    "PaginatedAuditOutList",
    "PaginatedBankStatementLineOutList",
    "PaginatedBankStatementOutList",
    "PaginatedBillRunOutList",
    "PaginatedCameraOutList",
    "PaginatedChargeOutList",
    "PaginatedCloudOutList",
    "PaginatedCloudTariffOutList",
    "PaginatedCouponOutList",
    "PaginatedCredentialOutList",
    "PaginatedDeliveryOutList",
    "PaginatedDeviceOutList",
    "PaginatedDiscountOutList",
    "PaginatedEInvoiceDocumentOutList",
    "PaginatedEventOutList",
    "PaginatedExportOutList",
    "PaginatedInvoiceOutList",
    "PaginatedLateItemOutList",
    "PaginatedMessageOutList",
    "PaginatedMeterOutList",
    "PaginatedPaymentOutList",
    "PaginatedPayoutOutList",
    "PaginatedProductOutList",
    "PaginatedPushOutList",
    "PaginatedServiceOutList",
    "PaginatedSuspensionQueueOutList",
    "PaginatedTariffOutList",
    "PaginatedTokenOutList",
    "PaginatedUserOutList",
    "PaginatedWholesalePaymentOutList",
    "PasswordResetOut",
    "PatchedAccountLegalPatchInRequest",
    "PatchedAccountPatchInRequest",
    "PatchedAgentPatchInRequest",
    "PatchedBillingSettingsPatchInRequest",
    "PatchedBrandingPatchInRequest",
    "PatchedCameraPatchInRequest",
    "PatchedCloudLegalPatchInRequest",
    "PatchedCloudPatchInRequest",
    "PatchedEndpointPatchRequest",
    "PatchedGatewayInRequest",
    "PatchedMeterPatchInRequest",
    "PatchedProductUpdateInRequest",
    "PatchedProviderGatewayInRequest",
    "PatchedProviderLegalPatchInRequest",
    "PatchedServicePatchInRequest",
    "PatchedTariffPatchInRequest",
    "PatchedUserPatchInRequest",
    "PaymentInRequest",
    "PaymentOut",
    "PaymentOutAllocationsItem",
    "PaymentSessionInRequest",
    "PayoutInRequest",
    "PayoutOut",
    "PeriodOut",
    "PersonTypeEnum",
    "PreviewComparisonOut",
    "PreviewSideOut",
    "ProductInRequest",
    "ProductOut",
    "ProgrammeInRequest",
    "ProgrammeInRequestLevels",
    "ProgrammeOut",
    "ProgrammeOutLevels",
    "ProrationEnum",
    "ProviderBankLinesListStatus",
    "ProviderGatewayInRequest",
    "ProviderGatewayOut",
    "ProviderGatewayOutSourceEnum",
    "ProviderLegalOut",
    "ProviderTariffInRequest",
    "PushOut",
    "PushOutStatusEnum",
    "RecomputeInRequest",
    "RedeemInRequest",
    "RedemptionOut",
    "RedemptionOutSourceEnum",
    "RefundInRequest",
    "ReminderOut",
    "ReminderOutStatusEnum",
    "RemindInRequest",
    "RemindOut",
    "RetailOrWholesaleEnum",
    "RoleEnum",
    "SavedCardOut",
    "SelfServiceChangeInRequest",
    "SelfServiceTariffOut",
    "ServiceInRequest",
    "ServiceKindEnum",
    "ServiceOut",
    "ServicePriceInRequest",
    "ServicePriceOut",
    "ServicePriceSetInRequest",
    "ServicesListKind",
    "SessionCompleteInRequest",
    "SignupInRequest",
    "SignupOut",
    "StatementAccountOut",
    "StatementDownlineOut",
    "StatementLevelOut",
    "StatementOut",
    "StatementOutStatusEnum",
    "StatementPayoutOut",
    "SuspendedDaysEnum",
    "SuspendModeEnum",
    "SuspensionDoneOut",
    "SuspensionInRequest",
    "SuspensionModeEnum",
    "SuspensionOut",
    "SuspensionQueueOut",
    "TariffChangeInRequest",
    "TariffChangePreviewOut",
    "TariffOut",
    "TariffPeriodInRequest",
    "TaxRegimeEnum",
    "TaxResponsibilitiesEnum",
    "TaxSchemeEnum",
    "TokenCreatedOut",
    "TokenInRequest",
    "TokenOut",
    "TwoFactorResetOut",
    "UsageReportOut",
    "UsageReportOutAccountsItem",
    "UsageReportOutTariffsItem",
    "UsageReportOutTotals",
    "UsageReportOutWholesaleMeteredItem",
    "UserInRequest",
    "UserOut",
    "UsersListRole",
    "VoidInRequest",
    "WholesaleBalanceOut",
    "WholesaleOpenInvoiceOut",
    "WholesalePaymentInRequest",
    "WholesalePaymentOut",
    "WholesalePaymentOutAllocationsItem",
    "WholesaleSessionInRequest",
)
