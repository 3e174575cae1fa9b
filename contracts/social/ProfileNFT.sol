// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {IERC165} from "@openzeppelin/contracts/interfaces/IERC165.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {Attestation} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";
import {IEAS} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {SchemaResolver} from "@ethereum-attestation-service/eas-contracts/contracts/resolver/SchemaResolver.sol";

import {Roles} from "../access/Roles.sol";
import {IProfileNFT} from "./interfaces/IProfileNFT.sol";
import {HandleRules} from "./libraries/HandleRules.sol";
import {MetadataRenderer} from "./libraries/MetadataRenderer.sol";
import {ProfileMetadataCodec} from "./libraries/ProfileMetadataCodec.sol";

/// @title ProfileNFT
/// @notice Quartet Profiles: one ERC-721 per unique handle with fully on-chain metadata and a generative avatar,
///         verification by EAS attestations of VERIFIER-role holders (this contract is the schema's resolver), and
///         identity votes (IERC5805, timestamp clock) usable by an unmodified OpenZeppelin Governor: one vote per
///         address holding a verified profile.
/// @dev See {IProfileNFT} for the token-id scheme, the attestation rules, the vote rules and the expiry rule.
/// @custom:security-contact security@quartet.example
contract ProfileNFT is IProfileNFT, ERC721, Votes, AccessManaged, SchemaResolver {
    // solhint-disable gas-small-strings
    /// @notice The Quartet verification schema, as registered in EAS's SchemaRegistry (revocable, this resolver).
    string public constant VERIFICATION_SCHEMA = "uint256 profileId,string handle,uint64 expiry";
    // solhint-enable gas-small-strings

    /// @dev ERC-4906's interface id, fixed by the standard (the interface declares events only).
    bytes4 private constant _ERC4906_INTERFACE_ID = 0x49064906;
    uint8 private constant _SHAPES = 4;
    uint8 private constant _PALETTES = 4;
    uint8 private constant _PATTERNS = 4;

    /// @dev The schema UID, as SchemaRegistry computes it: keccak256(schema ‖ resolver ‖ revocable).
    bytes32 private immutable _SCHEMA_UID;

    mapping(uint256 tokenId => bytes packed) private _metadata;
    mapping(uint256 tokenId => Verification) private _verifications;
    mapping(address account => uint256 count) private _verifiedProfiles;
    mapping(uint256 tokenId => AvatarTraits) private _avatars;

    /// @notice Deploys the profile registry.
    /// @param accessManager The AccessManager that restricts `revokeVerification` and names VERIFIER holders.
    /// @param easContract The EAS whose attestations of the Quartet schema this contract resolves (on OP Stack
    ///        chains the predeploy `0x4200000000000000000000000000000000000021`).
    constructor(
        address accessManager,
        IEAS easContract
    )
        ERC721("Quartet Profiles", "QPROFILE")
        EIP712("Quartet Profiles", "1") // Votes' delegateBySig domain
        AccessManaged(accessManager)
        SchemaResolver(easContract)
    {
        _SCHEMA_UID = keccak256(abi.encodePacked(VERIFICATION_SCHEMA, address(this), true));
    }

    /// @inheritdoc IProfileNFT
    function revokeVerification(uint256 tokenId) external restricted {
        address holder = _removeVerification(tokenId);
        emit VerificationRevoked(tokenId, holder, _msgSender());
    }

    /// @inheritdoc IProfileNFT
    function mint(string calldata handle, ProfileMetadata calldata metadata) external returns (uint256 tokenId) {
        if (!HandleRules.isValid(handle)) revert InvalidHandle(handle);
        tokenId = HandleRules.toTokenId(handle);
        if (_ownerOf(tokenId) != address(0)) revert HandleTaken(handle);
        _metadata[tokenId] = _checkedEncode(metadata);
        address owner = _msgSender();
        _mint(owner, tokenId);
        emit ProfileCreated(tokenId, owner, handle);
    }

    /// @inheritdoc IProfileNFT
    function setMetadata(uint256 tokenId, ProfileMetadata calldata metadata) external {
        address caller = _msgSender();
        if (_requireOwned(tokenId) != caller) revert NotProfileOwner(tokenId, caller);
        _metadata[tokenId] = _checkedEncode(metadata);
        emit MetadataUpdate(tokenId);
    }

    /// @inheritdoc IProfileNFT
    function setAvatar(uint256 tokenId, AvatarTraits calldata traits) external {
        address caller = _msgSender();
        if (_requireOwned(tokenId) != caller) revert NotProfileOwner(tokenId, caller);
        _checkTrait(AvatarTrait.Shape, traits.shape, _SHAPES);
        _checkTrait(AvatarTrait.Palette, traits.palette, _PALETTES);
        _checkTrait(AvatarTrait.Pattern, traits.pattern, _PATTERNS);
        _avatars[tokenId] = traits;
        emit AvatarSet(tokenId, traits);
        emit MetadataUpdate(tokenId);
    }

    /// @inheritdoc IProfileNFT
    function expireVerification(uint256 tokenId) external {
        uint64 expiry = _verifications[tokenId].expiry;
        if (expiry != 0 && block.timestamp < expiry) revert VerificationStillValid(tokenId, expiry);
        address holder = _removeVerification(tokenId);
        emit VerificationExpired(tokenId, holder);
    }

    /// @inheritdoc IProfileNFT
    function tokenIdOf(string calldata handle) external view returns (uint256 tokenId) {
        if (!HandleRules.isValid(handle)) return 0;
        tokenId = HandleRules.toTokenId(handle);
        if (_ownerOf(tokenId) == address(0)) return 0;
    }

    /// @inheritdoc IProfileNFT
    function handleOf(uint256 tokenId) external view returns (string memory handle) {
        _requireOwned(tokenId);
        return HandleRules.toHandle(tokenId);
    }

    /// @inheritdoc IProfileNFT
    function isValidHandle(string calldata handle) external pure returns (bool valid) {
        return HandleRules.isValid(handle);
    }

    /// @inheritdoc IProfileNFT
    function metadataOf(uint256 tokenId) public view returns (ProfileMetadata memory metadata) {
        _requireOwned(tokenId);
        return ProfileMetadataCodec.decode(_metadata[tokenId]);
    }

    /// @inheritdoc IProfileNFT
    function isVerified(uint256 tokenId) public view returns (bool verified) {
        uint64 expiry = _verifications[tokenId].expiry;
        // As EAS: an attestation is expired from its expirationTime on (EAS refuses to issue one that ends now).
        return expiry != 0 && block.timestamp < expiry;
    }

    /// @inheritdoc IProfileNFT
    function verificationOf(uint256 tokenId) external view returns (Verification memory verification) {
        return _verifications[tokenId];
    }

    /// @inheritdoc IProfileNFT
    function verifiedProfileCount(address account) external view returns (uint256 count) {
        return _verifiedProfiles[account];
    }

    /// @inheritdoc IProfileNFT
    function avatarOf(uint256 tokenId) external view returns (AvatarTraits memory traits) {
        return _avatars[tokenId];
    }

    /// @inheritdoc IProfileNFT
    function eas() external view returns (address easAddress) {
        return address(_eas);
    }

    /// @inheritdoc IProfileNFT
    function verificationSchema() external view returns (bytes32 schema) {
        return _SCHEMA_UID;
    }

    /// @notice The profile's metadata as an on-chain JSON document with an SVG card, every user string escaped.
    /// @param tokenId The profile.
    /// @return uri A `data:application/json;base64,` URI.
    function tokenURI(uint256 tokenId) public view override returns (string memory uri) {
        return
            MetadataRenderer.tokenURI(
                HandleRules.toHandle(tokenId),
                metadataOf(tokenId),
                _avatars[tokenId],
                isVerified(tokenId)
            );
    }

    /// @notice ERC-165: ERC-721, ERC-721 Metadata, ERC-4906 and ERC-165 itself.
    /// @param interfaceId The interface id.
    /// @return supported Whether it is implemented.
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, IERC165) returns (bool supported) {
        return interfaceId == _ERC4906_INTERFACE_ID || super.supportsInterface(interfaceId);
    }

    /// @notice ERC-6372 clock: the block timestamp, as L2 block numbers do not track time.
    /// @return timepoint The current timestamp.
    function clock() public view override(Votes, IERC6372) returns (uint48 timepoint) {
        return Time.timestamp();
    }

    /// @notice ERC-6372 clock mode.
    /// @return mode `mode=timestamp`.
    function CLOCK_MODE() public pure override(Votes, IERC6372) returns (string memory mode) {
        // solhint-disable-previous-line func-name-mixedcase
        return "mode=timestamp";
    }

    /// @dev Clears the verification of a profile that changes hands (the attestation named the previous holder).
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && from != to && _verifications[tokenId].expiry != 0) {
            delete _verifications[tokenId];
            _subtractVerifiedProfile(from);
            emit VerificationCleared(tokenId, from);
        }
    }

    /// @dev One unit while the account holds at least one counted verification.
    function _getVotingUnits(address account) internal view override returns (uint256) {
        return _verifiedProfiles[account] == 0 ? 0 : 1;
    }

    /// @dev EAS calls this for every attestation of a schema naming this resolver. Accepts only the Quartet schema,
    ///      from a VERIFIER-role holder, revocable, with an expiration time equal to the data's expiry, for a profile
    ///      whose handle is the attested one and whose current owner is the recipient; then records the attestation
    ///      (replacing the one in force) and counts the owner's vote if the profile was not verified. Delegated
    ///      attestations arrive here the same way: `attester` is the signer, whoever submitted them.
    function onAttest(Attestation calldata attestation, uint256 /* value */) internal override returns (bool) {
        if (attestation.schema != _SCHEMA_UID) revert WrongSchema(attestation.schema, _SCHEMA_UID);
        address attester = attestation.attester;
        (bool isVerifier, uint32 delay) = IAccessManager(authority()).hasRole(Roles.VERIFIER, attester);
        if (!isVerifier) revert NotVerifier(attester);
        // A role granted with an execution delay acts only through AccessManager.schedule; EAS calls cannot wait.
        if (delay != 0) revert VerifierDelayed(attester, delay);
        if (!attestation.revocable) revert AttestationNotRevocable(attestation.uid);
        (uint256 tokenId, string memory handle, uint64 expiry) = abi.decode(
            attestation.data,
            (uint256, string, uint64)
        );
        uint64 expirationTime = attestation.expirationTime;
        if (expirationTime == 0 || expiry != expirationTime) revert ExpiryMismatch(expiry, expirationTime);
        if (!HandleRules.isValid(handle) || HandleRules.toTokenId(handle) != tokenId) {
            revert HandleMismatch(tokenId, handle);
        }
        address holder = _requireOwned(tokenId);
        if (attestation.recipient != holder) revert RecipientNotOwner(tokenId, attestation.recipient, holder);

        bool counted = _verifications[tokenId].expiry != 0;
        _verifications[tokenId] = Verification({uid: attestation.uid, attester: attester, expiry: expiry});
        if (!counted) _addVerifiedProfile(holder);
        emit ProfileVerified(tokenId, holder, attester, attestation.uid, expiry);
        emit MetadataUpdate(tokenId);
        return true;
    }

    /// @dev EAS calls this when an attester revokes one of its attestations of this resolver's schemas; never refuses.
    ///      Clears the verification only when the revoked attestation is the one in force, so revoking a replaced
    ///      (older) attestation leaves the newer verification alone. Only Quartet-schema attestations exist here.
    function onRevoke(Attestation calldata attestation, uint256 /* value */) internal override returns (bool) {
        uint256 tokenId = uint256(bytes32(attestation.data[:32]));
        if (_verifications[tokenId].uid == attestation.uid) {
            address holder = _removeVerification(tokenId);
            emit AttestationRevoked(tokenId, holder, attestation.uid);
        }
        return true;
    }

    /// @dev Deletes a profile's verification record and its vote count; returns the holder.
    function _removeVerification(uint256 tokenId) private returns (address holder) {
        if (_verifications[tokenId].expiry == 0) revert NotVerified(tokenId);
        delete _verifications[tokenId];
        holder = _ownerOf(tokenId); // a record exists only for an owned token: transfers and burns clear it
        _subtractVerifiedProfile(holder);
        emit MetadataUpdate(tokenId);
    }

    /// @dev Counts one more verified profile for `account`; its first one mints a voting unit (total supply + 1),
    ///      and self-delegates an account that has no delegate yet (before the unit exists, so nothing moves twice).
    function _addVerifiedProfile(address account) private {
        uint256 count = _verifiedProfiles[account];
        if (count == 0 && delegates(account) == address(0)) _delegate(account, account);
        _verifiedProfiles[account] = count + 1;
        if (count == 0) _transferVotingUnits(address(0), account, 1);
    }

    /// @dev Counts one fewer verified profile for `account`; its last one burns the voting unit.
    function _subtractVerifiedProfile(address account) private {
        uint256 count = _verifiedProfiles[account] - 1;
        _verifiedProfiles[account] = count;
        if (count == 0) _transferVotingUnits(account, address(0), 1);
    }

    /// @dev Reverts when an avatar trait is out of range.
    function _checkTrait(AvatarTrait trait, uint8 value, uint8 count) private pure {
        if (value >= count) revert InvalidAvatarTrait(trait, value, count);
    }

    /// @dev Checks the metadata's bounds and encoding, then packs it for storage.
    function _checkedEncode(ProfileMetadata calldata metadata) private pure returns (bytes memory packed) {
        _checkField(
            MetadataField.DisplayName,
            bytes(metadata.displayName),
            ProfileMetadataCodec.MAX_DISPLAY_NAME_BYTES
        );
        _checkField(MetadataField.Bio, bytes(metadata.bio), ProfileMetadataCodec.MAX_BIO_BYTES);
        _checkField(MetadataField.AvatarURI, bytes(metadata.avatarURI), ProfileMetadataCodec.MAX_AVATAR_URI_BYTES);
        return ProfileMetadataCodec.encode(metadata);
    }

    /// @dev Reverts when a field is too long or not UTF-8.
    function _checkField(MetadataField field, bytes memory text, uint256 maxLength) private pure {
        if (text.length > maxLength) revert MetadataFieldTooLong(field, text.length, maxLength);
        if (!ProfileMetadataCodec.isWellFormedUtf8(text)) revert MetadataFieldNotUtf8(field);
    }
}
