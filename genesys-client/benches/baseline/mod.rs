//! The codec benchmark's baseline: minimal serde structs with the same fields, the same field
//! types and the same serde attributes (`rename`, `default`, `skip_serializing_if`) as the
//! generated models reachable from `UserPresence`, `User` and `BatchConversationEventRequest`
//! (75 structs), and nothing else: no docs, no constructors, no `#[non_exhaustive]`, only
//! `Debug` + `Serialize` + `Deserialize`.
//!
//! One deliberate difference: the generated open enums (a variant per known value plus
//! `Unknown(String)`) are plain `String` here, what a hand-written client would use.
//!
//! Written by stripping the generated struct definitions (`mirror.py` beside this file); if
//! the generated models gain fields, rerun it and commit the result so both arms stay
//! comparable.
#![allow(dead_code)]

use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
pub struct AddressableEntityRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AudioState {
    #[serde(rename = "canHear", default, skip_serializing_if = "Option::is_none")]
    pub can_hear: Option<bool>,
    #[serde(rename = "canSpeak", default, skip_serializing_if = "Option::is_none")]
    pub can_speak: Option<bool>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AudioUpdatedEvent {
    #[serde(rename = "audioState")]
    pub audio_state: AudioState,
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct BatchConversationEventRequest {
    #[serde(
        rename = "audioUpdatedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub audio_updated_events: Option<Vec<AudioUpdatedEvent>>,
    #[serde(
        rename = "communicationAnsweredEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub communication_answered_events: Option<Vec<CommunicationAnsweredEvent>>,
    #[serde(
        rename = "communicationDispositionAppliedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub communication_disposition_applied_events: Option<Vec<CommunicationDispositionAppliedEvent>>,
    #[serde(
        rename = "communicationEndedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub communication_ended_events: Option<Vec<CommunicationEndedEvent>>,
    #[serde(
        rename = "consultTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub consult_transfer_events: Option<Vec<ConsultTransferEvent>>,
    #[serde(
        rename = "emailBeginTransmittingEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_begin_transmitting_events: Option<Vec<EmailBeginTransmittingEvent>>,
    #[serde(
        rename = "emailCommunicationAnsweredEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_communication_answered_events: Option<Vec<EmailCommunicationAnsweredEvent>>,
    #[serde(
        rename = "emailCommunicationDispositionAppliedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_communication_disposition_applied_events:
        Option<Vec<EmailCommunicationDispositionAppliedEvent>>,
    #[serde(
        rename = "emailCommunicationEndedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_communication_ended_events: Option<Vec<EmailCommunicationEndedEvent>>,
    #[serde(
        rename = "emailCommunicationSentMessageEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_communication_sent_message_events: Option<Vec<EmailCommunicationSentMessageEvent>>,
    #[serde(
        rename = "emailEndTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_end_transfer_events: Option<Vec<EmailEndTransferEvent>>,
    #[serde(
        rename = "emailExternalEstablishedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_external_established_events: Option<Vec<EmailExternalEstablishedEvent>>,
    #[serde(
        rename = "emailFlowEstablishedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_flow_established_events: Option<Vec<EmailFlowEstablishedEvent>>,
    #[serde(
        rename = "emailHoldUpdatedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_hold_updated_events: Option<Vec<EmailHoldUpdatedEvent>>,
    #[serde(
        rename = "emailProgressTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_progress_transfer_events: Option<Vec<EmailProgressTransferEvent>>,
    #[serde(
        rename = "emailRoutingEstablishedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_routing_established_events: Option<Vec<EmailRoutingEstablishedEvent>>,
    #[serde(
        rename = "emailRoutingTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_routing_transfer_events: Option<Vec<EmailRoutingTransferEvent>>,
    #[serde(
        rename = "emailUserEstablishedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_user_established_events: Option<Vec<EmailUserEstablishedEvent>>,
    #[serde(
        rename = "emailUserTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_user_transfer_events: Option<Vec<EmailUserTransferEvent>>,
    #[serde(
        rename = "endConsultTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub end_consult_transfer_events: Option<Vec<EndConsultTransferEvent>>,
    #[serde(
        rename = "endTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub end_transfer_events: Option<Vec<EndTransferEvent>>,
    #[serde(
        rename = "externalEstablishedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub external_established_events: Option<Vec<ExternalEstablishedEvent>>,
    #[serde(
        rename = "holdUpdatedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub hold_updated_events: Option<Vec<HoldUpdatedEvent>>,
    #[serde(
        rename = "ivrEstablishedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ivr_established_events: Option<Vec<IvrEstablishedEvent>>,
    #[serde(
        rename = "phoneEstablishedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_established_events: Option<Vec<PhoneEstablishedEvent>>,
    #[serde(
        rename = "phoneTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_transfer_events: Option<Vec<PhoneTransferEvent>>,
    #[serde(
        rename = "progressConsultTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub progress_consult_transfer_events: Option<Vec<ProgressConsultTransferEvent>>,
    #[serde(
        rename = "progressTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub progress_transfer_events: Option<Vec<ProgressTransferEvent>>,
    #[serde(
        rename = "routingEstablishedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub routing_established_events: Option<Vec<RoutingEstablishedEvent>>,
    #[serde(
        rename = "routingTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub routing_transfer_events: Option<Vec<RoutingTransferEvent>>,
    #[serde(
        rename = "userEstablishedEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_established_events: Option<Vec<UserEstablishedEvent>>,
    #[serde(
        rename = "userTransferEvents",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_transfer_events: Option<Vec<UserTransferEvent>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Biography {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biography: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<Vec<Education>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hobbies: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interests: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spouse: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Chat {
    #[serde(rename = "jabberId", default, skip_serializing_if = "Option::is_none")]
    pub jabber_id: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CommunicationAnsweredEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CommunicationDispositionAppliedEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CommunicationEndedEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(
        rename = "destinationConversationId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub destination_conversation_id: Option<String>,
    #[serde(rename = "disconnectType")]
    pub disconnect_type: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ConsultTransferEvent {
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "destinationCommunicationId")]
    pub destination_communication_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initiatingCommunicationId")]
    pub initiating_communication_id: String,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(
        rename = "countryCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<String>,
    #[serde(rename = "mediaType", default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Division {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct DomainRole {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Education {
    #[serde(rename = "dateEnd", default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<chrono::NaiveDate>,
    #[serde(rename = "dateStart", default, skip_serializing_if = "Option::is_none")]
    pub date_start: Option<chrono::NaiveDate>,
    #[serde(
        rename = "fieldOfStudy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub field_of_study: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailBeginTransmittingEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailCommunicationAnsweredEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailCommunicationDispositionAppliedEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailCommunicationEndedEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "disconnectType")]
    pub disconnect_type: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailCommunicationSentMessageEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailEndTransferEvent {
    #[serde(rename = "commandId")]
    pub command_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "finalState")]
    pub final_state: String,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailExternalEstablishedEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(
        rename = "displayName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<String>,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(
        rename = "includeMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub include_message: Option<bool>,
    #[serde(rename = "initialConfiguration")]
    pub initial_configuration: EmailInitialConfiguration,
    #[serde(rename = "sourceConfiguration")]
    pub source_configuration: SourceConfiguration,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailFlowEstablishedEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initialConfiguration")]
    pub initial_configuration: EmailInitialConfiguration,
    #[serde(rename = "sourceConfiguration")]
    pub source_configuration: SourceConfiguration,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailHoldUpdatedEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    pub held: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailInitialConfiguration {
    #[serde(
        rename = "additionalInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub additional_info: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerting: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bcc: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cc: Option<Vec<String>>,
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbound: Option<bool>,
    #[serde(rename = "invitedBy", default, skip_serializing_if = "Option::is_none")]
    pub invited_by: Option<String>,
    #[serde(
        rename = "previousEmailId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub previous_email_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub to: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailProgressTransferEvent {
    #[serde(rename = "commandId")]
    pub command_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "destinationCommunicationId")]
    pub destination_communication_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailRoutingEstablishedEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initialConfiguration")]
    pub initial_configuration: EmailInitialConfiguration,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(
        rename = "languageId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub language_id: Option<String>,
    #[serde(rename = "queueId")]
    pub queue_id: String,
    #[serde(rename = "skillIds", default, skip_serializing_if = "Option::is_none")]
    pub skill_ids: Option<Vec<String>>,
    #[serde(rename = "sourceConfiguration")]
    pub source_configuration: SourceConfiguration,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailRoutingTransferEvent {
    #[serde(rename = "commandId")]
    pub command_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "destinationQueueId")]
    pub destination_queue_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initiatingCommunicationId")]
    pub initiating_communication_id: String,
    #[serde(
        rename = "languageId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub language_id: Option<String>,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
    #[serde(rename = "skillIds", default, skip_serializing_if = "Option::is_none")]
    pub skill_ids: Option<Vec<String>>,
    #[serde(rename = "targetCommunicationId")]
    pub target_communication_id: String,
    #[serde(rename = "transferType")]
    pub transfer_type: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailUserEstablishedEvent {
    #[serde(
        rename = "afterCallWorkRequired",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_call_work_required: Option<bool>,
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initialConfiguration")]
    pub initial_configuration: EmailInitialConfiguration,
    #[serde(rename = "queueId", default, skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<String>,
    #[serde(rename = "sourceConfiguration")]
    pub source_configuration: SourceConfiguration,
    #[serde(rename = "userId")]
    pub user_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailUserTransferEvent {
    #[serde(rename = "commandId")]
    pub command_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "destinationUserId")]
    pub destination_user_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initiatingCommunicationId")]
    pub initiating_communication_id: String,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
    #[serde(rename = "targetCommunicationId")]
    pub target_communication_id: String,
    #[serde(rename = "transferType")]
    pub transfer_type: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EmployerInfo {
    #[serde(rename = "dateHire", default, skip_serializing_if = "Option::is_none")]
    pub date_hire: Option<String>,
    #[serde(
        rename = "employeeId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub employee_id: Option<String>,
    #[serde(
        rename = "employeeType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub employee_type: Option<String>,
    #[serde(
        rename = "officialName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub official_name: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EndConsultTransferEvent {
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EndTransferEvent {
    #[serde(rename = "commandId")]
    pub command_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "finalState")]
    pub final_state: String,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExternalEstablishedEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ani: Option<String>,
    #[serde(rename = "aniName", default, skip_serializing_if = "Option::is_none")]
    pub ani_name: Option<String>,
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnis: Option<String>,
    #[serde(rename = "dnisName", default, skip_serializing_if = "Option::is_none")]
    pub dnis_name: Option<String>,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initialConfiguration")]
    pub initial_configuration: InitialConfiguration,
    #[serde(rename = "sourceConfiguration")]
    pub source_configuration: SourceConfiguration,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Geolocation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locations: Option<Vec<LocationDefinition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Group {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<GroupContact>>,
    #[serde(
        rename = "callsEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub calls_enabled: Option<bool>,
    #[serde(
        rename = "dateModified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub date_modified: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<Vec<Image>>,
    #[serde(
        rename = "includeOwners",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub include_owners: Option<bool>,
    #[serde(
        rename = "memberCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub member_count: Option<i64>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owners: Option<Vec<User>>,
    #[serde(
        rename = "rolesEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub roles_enabled: Option<bool>,
    #[serde(rename = "rulesVisible")]
    pub rules_visible: bool,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    pub visibility: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct GroupContact {
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(rename = "mediaType")]
    pub media_type: String,
    #[serde(rename = "type")]
    pub type_: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct HoldUpdatedEvent {
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    pub held: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Image {
    #[serde(rename = "imageUri", default, skip_serializing_if = "Option::is_none")]
    pub image_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct InitialConfiguration {
    #[serde(
        rename = "additionalInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub additional_info: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerting: Option<bool>,
    #[serde(
        rename = "audioState",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub audio_state: Option<AudioState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbound: Option<bool>,
    #[serde(rename = "invitedBy", default, skip_serializing_if = "Option::is_none")]
    pub invited_by: Option<String>,
    #[serde(
        rename = "recordingActive",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub recording_active: Option<bool>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct IvrEstablishedEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ani: Option<String>,
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnis: Option<String>,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initialConfiguration")]
    pub initial_configuration: InitialConfiguration,
    #[serde(rename = "ivrName", default, skip_serializing_if = "Option::is_none")]
    pub ivr_name: Option<String>,
    #[serde(
        rename = "ivrPhoneNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ivr_phone_number: Option<String>,
    #[serde(rename = "sourceConfiguration")]
    pub source_configuration: SourceConfiguration,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<std::collections::BTreeMap<String, f64>>,
    #[serde(
        rename = "floorplanId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub floorplan_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(
        rename = "locationDefinition",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub location_definition: Option<LocationDefinition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LocationAddress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(
        rename = "countryName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub country_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zipcode: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LocationAddressVerificationDetails {
    #[serde(
        rename = "dateFinished",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub date_finished: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(
        rename = "dateStarted",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub date_started: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LocationDefinition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<LocationAddress>,
    #[serde(
        rename = "addressStored",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub address_stored: Option<bool>,
    #[serde(
        rename = "addressVerificationDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub address_verification_details: Option<LocationAddressVerificationDetails>,
    #[serde(
        rename = "addressVerified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub address_verified: Option<bool>,
    #[serde(
        rename = "contactUser",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub contact_user: Option<AddressableEntityRef>,
    #[serde(
        rename = "emergencyNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub emergency_number: Option<LocationEmergencyNumber>,
    #[serde(
        rename = "floorplanImage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub floorplan_image: Option<Vec<LocationImage>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<String>>,
    #[serde(
        rename = "profileImage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub profile_image: Option<Vec<LocationImage>>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LocationEmergencyNumber {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e164: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LocationImage {
    #[serde(rename = "imageUri", default, skip_serializing_if = "Option::is_none")]
    pub image_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct MediaSummary {
    #[serde(
        rename = "contactCenter",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub contact_center: Option<MediaSummaryDetail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<MediaSummaryDetail>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct MediaSummaryDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acw: Option<i32>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct OAuthLastTokenIssued {
    #[serde(
        rename = "dateIssued",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub date_issued: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct OutOfOffice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(rename = "endDate", default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indefinite: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(rename = "startDate", default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Box<User>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PhoneEstablishedEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ani: Option<String>,
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnis: Option<String>,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initialConfiguration")]
    pub initial_configuration: InitialConfiguration,
    #[serde(
        rename = "phoneNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    #[serde(rename = "sourceConfiguration")]
    pub source_configuration: SourceConfiguration,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PhoneTransferEvent {
    #[serde(rename = "commandId")]
    pub command_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "destinationPhoneNumber")]
    pub destination_phone_number: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initiatingCommunicationId")]
    pub initiating_communication_id: String,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
    #[serde(rename = "targetCommunicationId")]
    pub target_communication_id: String,
    #[serde(rename = "transferType")]
    pub transfer_type: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PresenceDefinition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(
        rename = "systemPresence",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub system_presence: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ProgressConsultTransferEvent {
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "destinationCommunicationId")]
    pub destination_communication_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initiatingCommunicationId")]
    pub initiating_communication_id: String,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ProgressTransferEvent {
    #[serde(rename = "commandId")]
    pub command_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "destinationCommunicationId")]
    pub destination_communication_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ResourceConditionNode {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conjunction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operands: Option<Vec<ResourceConditionValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<Vec<ResourceConditionNode>>,
    #[serde(
        rename = "variableName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub variable_name: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ResourceConditionValue {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ResourcePermissionPolicy {
    #[serde(rename = "actionSet", default, skip_serializing_if = "Option::is_none")]
    pub action_set: Option<Vec<String>>,
    #[serde(
        rename = "actionSetKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub action_set_key: Option<String>,
    #[serde(
        rename = "allowConditions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allow_conditions: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(
        rename = "entityName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub entity_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(
        rename = "namedResources",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub named_resources: Option<Vec<String>>,
    #[serde(
        rename = "policyDescription",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_description: Option<String>,
    #[serde(
        rename = "policyName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_name: Option<String>,
    #[serde(
        rename = "resourceCondition",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_condition: Option<String>,
    #[serde(
        rename = "resourceConditionNode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_condition_node: Option<ResourceConditionNode>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RoutingEstablishedEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ani: Option<String>,
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnis: Option<String>,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initialConfiguration")]
    pub initial_configuration: InitialConfiguration,
    #[serde(
        rename = "languageId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub language_id: Option<String>,
    #[serde(
        rename = "phoneNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    #[serde(rename = "queueId")]
    pub queue_id: String,
    #[serde(rename = "skillIds", default, skip_serializing_if = "Option::is_none")]
    pub skill_ids: Option<Vec<String>>,
    #[serde(rename = "sourceConfiguration")]
    pub source_configuration: SourceConfiguration,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RoutingStatus {
    #[serde(rename = "startTime", default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RoutingTransferEvent {
    #[serde(rename = "commandId")]
    pub command_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "destinationQueueId")]
    pub destination_queue_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initiatingCommunicationId")]
    pub initiating_communication_id: String,
    #[serde(
        rename = "languageId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub language_id: Option<String>,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
    #[serde(rename = "skillIds", default, skip_serializing_if = "Option::is_none")]
    pub skill_ids: Option<Vec<String>>,
    #[serde(rename = "targetCommunicationId")]
    pub target_communication_id: String,
    #[serde(rename = "transferType")]
    pub transfer_type: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SourceConfiguration {
    #[serde(rename = "interactionId")]
    pub interaction_id: String,
    #[serde(rename = "sourceId")]
    pub source_id: String,
    #[serde(rename = "tagId", default, skip_serializing_if = "Option::is_none")]
    pub tag_id: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Team {
    #[serde(
        rename = "dateCreated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub date_created: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(
        rename = "dateModified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub date_modified: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<WritableDivision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(
        rename = "memberCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub member_count: Option<i64>,
    pub name: String,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct User {
    #[serde(
        rename = "acdAutoAnswer",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub acd_auto_answer: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<Contact>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<UserAuthorization>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biography: Option<Biography>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certifications: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<Chat>,
    #[serde(
        rename = "conversationSummary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub conversation_summary: Option<UserConversationSummary>,
    #[serde(
        rename = "dateLastLogin",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub date_last_login: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(
        rename = "dateWelcomeSent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub date_welcome_sent: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<Division>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(
        rename = "employerInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub employer_info: Option<EmployerInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geolocation: Option<Geolocation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Group>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<Vec<Image>>,
    #[serde(
        rename = "integrationPresence",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub integration_presence: Option<UserPresence>,
    #[serde(
        rename = "languagePreference",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub language_preference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<UserRoutingLanguage>>,
    #[serde(
        rename = "lastTokenIssued",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_token_issued: Option<OAuthLastTokenIssued>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locations: Option<Vec<Location>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<Box<User>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        rename = "outOfOffice",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub out_of_office: Option<OutOfOffice>,
    #[serde(
        rename = "preferredName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presence: Option<UserPresence>,
    #[serde(
        rename = "primaryContactInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub primary_contact_info: Option<Vec<Contact>>,
    #[serde(
        rename = "profileSkills",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub profile_skills: Option<Vec<String>>,
    #[serde(
        rename = "routingStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub routing_status: Option<RoutingStatus>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<UserRoutingSkill>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<UserStations>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<Team>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    pub version: i32,
    #[serde(
        rename = "workPlanBidRanks",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub work_plan_bid_ranks: Option<WorkPlanBidRanks>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UserAuthorization {
    #[serde(
        rename = "permissionPolicies",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permission_policies: Option<Vec<ResourcePermissionPolicy>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<DomainRole>>,
    #[serde(
        rename = "unusedRoles",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub unused_roles: Option<Vec<DomainRole>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UserConversationSummary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<MediaSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<MediaSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<MediaSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<MediaSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<MediaSummary>,
    #[serde(
        rename = "socialExpression",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub social_expression: Option<MediaSummary>,
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<MediaSummary>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UserEstablishedEvent {
    #[serde(
        rename = "afterCallWorkRequired",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_call_work_required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ani: Option<String>,
    #[serde(rename = "communicationId")]
    pub communication_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnis: Option<String>,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initialConfiguration")]
    pub initial_configuration: InitialConfiguration,
    #[serde(
        rename = "phoneNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    #[serde(rename = "queueId", default, skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<String>,
    #[serde(rename = "sourceConfiguration")]
    pub source_configuration: SourceConfiguration,
    #[serde(rename = "stationId", default, skip_serializing_if = "Option::is_none")]
    pub station_id: Option<String>,
    #[serde(rename = "userId")]
    pub user_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UserPresence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(
        rename = "modifiedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub modified_date: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        rename = "presenceDefinition",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub presence_definition: Option<PresenceDefinition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(rename = "sourceId", default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UserRoutingLanguage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(
        rename = "languageUri",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub language_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proficiency: Option<f64>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UserRoutingSkill {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proficiency: Option<f64>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(rename = "skillUri", default, skip_serializing_if = "Option::is_none")]
    pub skill_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UserStation {
    #[serde(
        rename = "associatedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub associated_date: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(
        rename = "associatedUser",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub associated_user: Option<Box<User>>,
    #[serde(
        rename = "defaultUser",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_user: Option<Box<User>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        rename = "providerInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_info: Option<std::collections::BTreeMap<String, String>>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(
        rename = "webRtcCallAppearances",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub web_rtc_call_appearances: Option<i32>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UserStations {
    #[serde(
        rename = "associatedStation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub associated_station: Option<UserStation>,
    #[serde(
        rename = "defaultStation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_station: Option<UserStation>,
    #[serde(
        rename = "effectiveStation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_station: Option<UserStation>,
    #[serde(
        rename = "lastAssociatedStation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_associated_station: Option<UserStation>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UserTransferEvent {
    #[serde(rename = "commandId")]
    pub command_id: String,
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "destinationUserId")]
    pub destination_user_id: String,
    #[serde(rename = "eventDateTime")]
    pub event_date_time: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "eventId")]
    pub event_id: String,
    #[serde(rename = "initiatingCommunicationId")]
    pub initiating_communication_id: String,
    #[serde(rename = "objectCommunicationId")]
    pub object_communication_id: String,
    #[serde(rename = "targetCommunicationId")]
    pub target_communication_id: String,
    #[serde(rename = "transferType")]
    pub transfer_type: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct WorkPlanBidRanks {
    #[serde(
        rename = "biddingTieBreaker",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub bidding_tie_breaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(
        rename = "workPlanBiddingPerformance",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub work_plan_bidding_performance: Option<i32>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct WritableDivision {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "selfUri", default, skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}
