// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title IProfileNFT
/// @notice Personal-brand profiles: one ERC-721 per unique handle, owner-set on-chain metadata and avatar traits,
///         verification by EAS attestations from holders of the VERIFIER role (this contract is the resolver of the
///         Quartet verification schema), and identity votes (one unit per verified person).
/// @dev Token ids are the handle itself: `tokenId = uint256(bytes32(bytes(handle)))`, the handle's bytes left-aligned
///      and zero-padded (like ENS's labelhash ids, but reversible). Handles are 3–32 bytes of `[a-z0-9_]` that do not
///      start with `_`, so an id never contains a zero byte inside the handle and `handleOf` recovers it exactly.
///
///      Verification: a VERIFIER-role holder attests on EAS (directly, or by a signed delegated attestation anyone
///      submits) under `verificationSchema()`: data `(uint256 profileId, string handle, uint64 expiry)`, recipient the
///      profile's current owner, revocable, `expirationTime` equal to the data's expiry. The resolver records the UID;
///      a later attestation for the profile replaces it. Revoking the attestation in force on EAS clears the
///      verification (revoking a replaced one changes nothing); `isVerified` is false from `expirationTime` on (as EAS).
///
///      Votes (IERC5805, timestamp clock): an account has one voting unit while it holds at least one profile with a
///      counted verification; a second verified profile adds nothing. A verification counts from its attestation until
///      it is revoked, cleared by a transfer, or removed by `expireVerification` (anyone may call it once the attestation's
///      expiry has come). An expired verification no longer shows in `isVerified` but keeps its vote until someone
///      expires it: expiry cannot write a checkpoint by itself. The first time an account gains a unit while it has no
///      delegate it is delegated to itself, so a verified person can vote without a delegation transaction;
///      `delegate` works as in OpenZeppelin `Votes` afterwards.
/// @custom:security-contact security@quartet.example
interface IProfileNFT is IERC4906, IERC5805 {
    /// @notice Fields of the profile metadata, named in errors.
    enum MetadataField {
        DisplayName,
        Bio,
        AvatarURI
    }

    /// @notice Owner-set profile metadata. Strings must be well-formed UTF-8; they are escaped when rendered.
    /// @param displayName Shown on the card instead of the handle when not empty; at most 64 bytes.
    /// @param bio Free text, the token's description; at most 280 bytes.
    /// @param avatarURI Link to an avatar image, published in the JSON only; at most 256 bytes.
    /// @param accentColor RGB colour of the card (`0x3366ff` renders as `#3366ff`); a number, so it cannot inject.
    struct ProfileMetadata {
        string displayName;
        string bio;
        string avatarURI;
        bytes3 accentColor;
    }

    /// @notice The avatar traits a profile's owner picks; the card draws the avatar from them.
    /// @param shape 0 circle, 1 rounded square, 2 hexagon, 3 diamond.
    /// @param palette 0 ocean, 1 sunset, 2 forest, 3 mono (the two colours of the avatar).
    /// @param pattern 0 solid, 1 stripes, 2 dots, 3 rings.
    struct AvatarTraits {
        uint8 shape;
        uint8 palette;
        uint8 pattern;
    }

    /// @notice A profile's current verification record (zero when none).
    /// @param uid The EAS attestation in force.
    /// @param attester Who made it (a VERIFIER-role holder when it was made).
    /// @param expiry The attestation's `expirationTime`; the record still counts for votes until removed.
    struct Verification {
        bytes32 uid;
        address attester;
        uint64 expiry;
    }

    /// @notice Avatar traits, named in errors.
    enum AvatarTrait {
        Shape,
        Palette,
        Pattern
    }

    /// @notice Thrown when a handle breaks the rules: 3–32 bytes of `[a-z0-9_]`, not starting with `_`.
    /// @param handle The rejected handle.
    error InvalidHandle(string handle);

    /// @notice Thrown when a handle is already registered.
    /// @param handle The taken handle.
    error HandleTaken(string handle);

    /// @notice Thrown when a metadata field is longer than its bound.
    /// @param field The field.
    /// @param length Its length in bytes.
    /// @param maxLength The bound in bytes.
    error MetadataFieldTooLong(MetadataField field, uint256 length, uint256 maxLength);

    /// @notice Thrown when a metadata field is not well-formed UTF-8 (RFC 3629).
    /// @param field The field.
    error MetadataFieldNotUtf8(MetadataField field);

    /// @notice Thrown when someone other than the profile's owner tries an owner-only action.
    /// @param tokenId The profile.
    /// @param caller The caller.
    error NotProfileOwner(uint256 tokenId, address caller);

    /// @notice Thrown when an attestation reaching this resolver is not of the Quartet verification schema (another
    ///         schema registered with this contract as its resolver).
    /// @param schema The attestation's schema.
    /// @param expected The Quartet verification schema, `verificationSchema()`.
    error WrongSchema(bytes32 schema, bytes32 expected);

    /// @notice Thrown when the attester does not hold the VERIFIER role.
    /// @param attester The attester.
    error NotVerifier(address attester);

    /// @notice Thrown when an attestation is irrevocable: a verification must stay revocable on EAS.
    /// @param uid The attestation.
    error AttestationNotRevocable(bytes32 uid);

    /// @notice Thrown when an attestation has no expiration time, or its data's expiry differs from it.
    /// @param expiry The expiry in the attestation's data.
    /// @param expirationTime The attestation's `expirationTime` (0: none).
    error ExpiryMismatch(uint64 expiry, uint64 expirationTime);

    /// @notice Thrown when the attested handle is not the profile's handle.
    /// @param tokenId The attested profile.
    /// @param handle The attested handle.
    error HandleMismatch(uint256 tokenId, string handle);

    /// @notice Thrown when the attestation's recipient is not the profile's current owner.
    /// @param tokenId The profile.
    /// @param recipient The attestation's recipient.
    /// @param owner The current owner.
    error RecipientNotOwner(uint256 tokenId, address recipient, address owner);

    /// @notice Thrown when an avatar trait is out of its range.
    /// @param trait The trait.
    /// @param value The value given.
    /// @param count How many values the trait has (valid: 0 to count − 1).
    error InvalidAvatarTrait(AvatarTrait trait, uint8 value, uint8 count);

    /// @notice Thrown when revoking or expiring a profile that has no verification record.
    /// @param tokenId The profile.
    error NotVerified(uint256 tokenId);

    /// @notice Thrown when an attester holds VERIFIER with an execution delay: such a grant acts only through a
    ///         scheduled AccessManager call, which an EAS attestation cannot be.
    /// @param attester The attestation's attester.
    /// @param delay Its execution delay, in seconds.
    error VerifierDelayed(address attester, uint32 delay);

    /// @notice Thrown when expiring a verification before its expiry (the verification ends at that second).
    /// @param tokenId The profile.
    /// @param expiry Its expiry.
    error VerificationStillValid(uint256 tokenId, uint64 expiry);

    /// @notice Emitted when a profile is minted.
    /// @param tokenId The new profile (the handle as a number).
    /// @param owner Its owner.
    /// @param handle Its handle.
    event ProfileCreated(uint256 indexed tokenId, address indexed owner, string handle);

    /// @notice Emitted when an EAS attestation verifies a profile (or replaces the attestation in force).
    /// @param tokenId The profile.
    /// @param holder Its owner, the attestation's recipient.
    /// @param attester The attester, a VERIFIER-role holder.
    /// @param uid The EAS attestation.
    /// @param expiry The attestation's expiration time.
    event ProfileVerified(
        uint256 indexed tokenId,
        address indexed holder,
        address indexed attester,
        bytes32 uid,
        uint64 expiry
    );

    /// @notice Emitted when the attestation in force is revoked on EAS (by its attester), clearing the verification.
    /// @param tokenId The profile.
    /// @param holder Its owner.
    /// @param uid The revoked attestation.
    event AttestationRevoked(uint256 indexed tokenId, address indexed holder, bytes32 uid);

    /// @notice Emitted when a profile's owner picks its avatar traits.
    /// @param tokenId The profile.
    /// @param traits The traits.
    event AvatarSet(uint256 indexed tokenId, AvatarTraits traits);

    /// @notice Emitted when a verifier revokes a verification.
    /// @param tokenId The profile.
    /// @param holder Its owner, who loses the verification.
    /// @param revoker The VERIFIER-role account that revoked it.
    event VerificationRevoked(uint256 indexed tokenId, address indexed holder, address indexed revoker);

    /// @notice Emitted when an expired verification is removed (and stops counting for votes).
    /// @param tokenId The profile.
    /// @param holder Its owner.
    event VerificationExpired(uint256 indexed tokenId, address indexed holder);

    /// @notice Emitted when a transfer clears a profile's verification.
    /// @param tokenId The profile.
    /// @param previousHolder The owner it was verified for.
    event VerificationCleared(uint256 indexed tokenId, address indexed previousHolder);

    /// @notice Removes a profile's verification (and the holder's vote unit if it was their only verified profile),
    ///         whoever attested it: how a verifier clears what a removed or rogue verifier attested. The EAS
    ///         attestation itself stays as it is; only its attester can revoke it there.
    /// @dev Restricted by the AccessManager; the Social module maps it to the VERIFIER role.
    /// @param tokenId The profile.
    function revokeVerification(uint256 tokenId) external;

    /// @notice Registers `handle` and mints its profile to the caller with `metadata`.
    /// @param handle 3–32 bytes of `[a-z0-9_]`, not starting with `_`.
    /// @param metadata The profile's metadata (bounded lengths, UTF-8).
    /// @return tokenId The profile's id, `uint256(bytes32(bytes(handle)))`.
    function mint(string calldata handle, ProfileMetadata calldata metadata) external returns (uint256 tokenId);

    /// @notice Replaces a profile's metadata; only its owner may.
    /// @dev Emits ERC-4906 `MetadataUpdate`.
    /// @param tokenId The profile.
    /// @param metadata The new metadata.
    function setMetadata(uint256 tokenId, ProfileMetadata calldata metadata) external;

    /// @notice Sets the avatar traits the card draws; only the profile's owner may.
    /// @dev Emits `AvatarSet` and ERC-4906 `MetadataUpdate`.
    /// @param tokenId The profile.
    /// @param traits Shape, palette and pattern, each in range.
    function setAvatar(uint256 tokenId, AvatarTraits calldata traits) external;

    /// @notice Removes a verification whose expiry has come, so it stops counting for votes; anyone may call it.
    /// @param tokenId The profile.
    function expireVerification(uint256 tokenId) external;

    /// @notice The profile registered under `handle`.
    /// @param handle The handle (exact bytes).
    /// @return tokenId Its profile, or 0 when the handle is not registered (or not valid).
    function tokenIdOf(string calldata handle) external view returns (uint256 tokenId);

    /// @notice The handle of a profile; reverts `ERC721NonexistentToken` for an unminted id.
    /// @param tokenId The profile.
    /// @return handle Its handle.
    function handleOf(uint256 tokenId) external view returns (string memory handle);

    /// @notice Whether `handle` follows the rules (whether or not it is taken).
    /// @param handle The candidate handle.
    /// @return valid True when `mint` would accept it if free.
    function isValidHandle(string calldata handle) external pure returns (bool valid);

    /// @notice A profile's metadata; reverts `ERC721NonexistentToken` for an unminted id.
    /// @param tokenId The profile.
    /// @return metadata Its metadata.
    function metadataOf(uint256 tokenId) external view returns (ProfileMetadata memory metadata);

    /// @notice Whether a profile holds a verification that has not expired.
    /// @param tokenId The profile.
    /// @return verified True while verified and before the expiry (`block.timestamp < expiry`, as EAS).
    function isVerified(uint256 tokenId) external view returns (bool verified);

    /// @notice A profile's verification record, expired or not (zero when none).
    /// @param tokenId The profile.
    /// @return verification The record.
    function verificationOf(uint256 tokenId) external view returns (Verification memory verification);

    /// @notice How many profiles held by `account` have a verification record that counts for votes.
    /// @param account The account.
    /// @return count Records not yet revoked, cleared or expired through `expireVerification`.
    function verifiedProfileCount(address account) external view returns (uint256 count);

    /// @notice A profile's avatar traits (all zero until its owner picks them).
    /// @param tokenId The profile.
    /// @return traits The traits.
    function avatarOf(uint256 tokenId) external view returns (AvatarTraits memory traits);

    /// @notice The EAS this contract resolves attestations for.
    /// @return easAddress The EAS contract.
    function eas() external view returns (address easAddress);

    /// @notice The UID of the Quartet verification schema: `uint256 profileId,string handle,uint64 expiry`,
    ///         revocable, with this contract as resolver (registered in EAS's SchemaRegistry at deployment).
    /// @return schema The schema UID.
    function verificationSchema() external view returns (bytes32 schema);
}
